import type { PodSandboxMetadata } from '../../sdk/cri/index.js';

/** Docker labels that tie a container to its owner, pod and role, so that a restarted runtime adopts it. */
export const labelKeys = {
  owner: 'io.capstan.owner',
  kind: 'io.capstan.kind',
  podName: 'io.capstan.pod.name',
  podNamespace: 'io.capstan.pod.namespace',
  podUid: 'io.capstan.pod.uid',
  sandboxAttempt: 'io.capstan.sandbox.attempt',
  sandboxId: 'io.capstan.sandbox.id',
  containerName: 'io.capstan.container.name',
  containerAttempt: 'io.capstan.container.attempt',
  image: 'io.capstan.image',
  networkMode: 'io.capstan.ns.network',
  pidMode: 'io.capstan.ns.pid',
  ipcMode: 'io.capstan.ns.ipc',
} as const;

const internalPrefix = 'io.capstan.';
const annotationPrefix = 'annotation.';

/** Encodes user labels and annotations next to the internal ones. */
export function encodeLabels(
  internal: Record<string, string>,
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(internalPrefix) || k.startsWith(annotationPrefix)) throw new Error(`label key "${k}" is reserved`);
    out[k] = v;
  }
  for (const [k, v] of Object.entries(annotations ?? {})) out[annotationPrefix + k] = v;
  return { ...out, ...internal };
}

/** Splits Docker labels back into user labels and annotations (internal ones dropped). */
export function decodeLabels(all: Readonly<Record<string, string>> | undefined): {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(all ?? {})) {
    if (k.startsWith(internalPrefix)) continue;
    if (k.startsWith(annotationPrefix)) annotations[k.slice(annotationPrefix.length)] = v;
    else labels[k] = v;
  }
  return { labels, annotations };
}

/** The pod identity stored on a container; attempt is the sandbox's. */
export function podFromLabels(l: Readonly<Record<string, string>>): PodSandboxMetadata {
  return {
    name: l[labelKeys.podName] ?? '',
    namespace: l[labelKeys.podNamespace] ?? '',
    uid: l[labelKeys.podUid] ?? '',
    attempt: Number(l[labelKeys.sandboxAttempt] ?? 0),
  };
}

/** Docker label filters (`key=value`) for a selector. */
export function labelFilters(selector: Readonly<Record<string, string>>): string[] {
  return Object.entries(selector).map(([k, v]) => `${k}=${v}`);
}

/** Docker names allow `[a-zA-Z0-9][a-zA-Z0-9_.-]`; anything else becomes `-`. */
export function safeName(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^a-zA-Z0-9_.-]/g, '-')).join('_');
}
