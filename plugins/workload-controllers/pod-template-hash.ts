import type { PodTemplateSpec } from './workload-types.js';

/** The label that ties a ReplicaSet and its pods to one Deployment template. */
export const podTemplateHashLabel = 'pod-template-hash';

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * apimachinery's rand.SafeEncodeString: each byte mapped onto an alphabet without vowels and
 * without characters that look alike, so that generated names never spell words.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += safeAlphabet[b % safeAlphabet.length];
  return out;
}

/** JSON with object keys sorted at every level, undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * controller.ComputeHash: an FNV-32a hash of the pod template (Kubernetes hashes Go's deep
 * printout of the struct; Capstan hashes its canonical JSON), then, when a collision count is
 * set, its value as 8 little-endian bytes, printed as a decimal number and safe-encoded. The same
 * template and collision count always give the same value, and a different collision count gives
 * a different one.
 */
export function computePodTemplateHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJson(template ?? {}), 'utf8'));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}

/** A deep copy of the template without the pod-template-hash label (for EqualIgnoreHash). */
export function templateWithoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy: PodTemplateSpec = structuredClone(template ?? {});
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[podTemplateHashLabel];
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return copy;
}

/** deploymentutil.EqualIgnoreHash: two templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return (
    canonicalJson(normalizeTemplate(templateWithoutHash(a))) ===
    canonicalJson(normalizeTemplate(templateWithoutHash(b)))
  );
}

function normalizeTemplate(t: PodTemplateSpec): PodTemplateSpec {
  const meta = t.metadata as Record<string, unknown> | undefined;
  if (meta) {
    for (const k of Object.keys(meta)) {
      const v = meta[k];
      if (v === null || (typeof v === 'object' && Object.keys(v as object).length === 0)) delete meta[k];
    }
    if (Object.keys(meta).length === 0) delete t.metadata;
  }
  return t;
}
