import type { OwnerReference } from '../../sdk/api/kube-object.js';
import { newControllerRef } from './controller-ref.js';
import { statefulSetRevisionLabel } from './stateful-set-revisions.js';
import type { PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet } from './workload-types.js';

/** The label with a StatefulSet pod's own name (its stable network identity). */
export const statefulSetPodNameLabel = 'statefulset.kubernetes.io/pod-name';
/** The label with a StatefulSet pod's ordinal. */
export const podIndexLabel = 'apps.kubernetes.io/pod-index';

/** The first ordinal of the set (spec.ordinals.start, default 0). */
export function startOrdinal(set: StatefulSet): number {
  return set.spec.ordinals?.start ?? 0;
}

/** The pod name of an ordinal: `<set>-<ordinal>`. */
export function statefulPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

/** The ordinal of a pod of the set from its name, or undefined for a pod that is not a member (getParentNameAndOrdinal). */
export function podOrdinal(set: StatefulSet, pod: Pod): number | undefined {
  const name = pod.metadata.name ?? '';
  const prefix = `${set.metadata.name}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  if (!/^(0|[1-9]\d*)$/.test(rest)) return undefined;
  const n = Number(rest);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The PVC name of a claim template for an ordinal: `<claim>-<set>-<ordinal>`. */
export function claimName(set: StatefulSet, template: string, ordinal: number): string {
  return `${template}-${statefulPodName(set, ordinal)}`;
}

/**
 * getPersistentVolumeClaims: the PVCs the pod of `ordinal` uses, from the claim templates: named
 * `<claim>-<set>-<ordinal>`, in the set's namespace, labelled with the template labels and the
 * selector's matchLabels; no status.
 */
export function claimsFor(set: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const meta = structuredClone(t.metadata ?? {});
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...(meta.annotations ? { annotations: meta.annotations } : {}),
        name: claimName(set, meta.name ?? '', ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(meta.labels ?? {}), ...(set.spec.selector.matchLabels ?? {}) },
      },
      spec: structuredClone(t.spec ?? {}),
    };
  });
}

/**
 * newVersionedStatefulSetPod: the pod of `ordinal` from `template`, named `<set>-<ordinal>`, with
 * the identity labels (pod-name, pod-index), the revision label, hostname and subdomain (the
 * governing service), and one persistentVolumeClaim volume per claim template replacing any
 * template volume of the same name.
 */
export function statefulPod(set: StatefulSet, template: PodTemplateSpec, ordinal: number, revision: string): Pod {
  const t = structuredClone(template);
  const name = statefulPodName(set, ordinal);
  const metadata: Pod['metadata'] = {
    name,
    namespace: set.metadata.namespace,
    labels: {
      ...(t.metadata?.labels ?? {}),
      [statefulSetPodNameLabel]: name,
      [podIndexLabel]: String(ordinal),
      [statefulSetRevisionLabel]: revision,
    },
    ownerReferences: [newControllerRef(set, 'apps/v1', 'StatefulSet')],
  };
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length > 0)
    metadata.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers && t.metadata.finalizers.length > 0) metadata.finalizers = t.metadata.finalizers;
  const spec = t.spec ?? {};
  spec.hostname = name;
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  const claimVolumes = (set.spec.volumeClaimTemplates ?? []).map((c) => ({
    name: c.metadata.name ?? '',
    persistentVolumeClaim: { claimName: claimName(set, c.metadata.name ?? '', ordinal) },
  }));
  if (claimVolumes.length > 0) {
    const names = new Set(claimVolumes.map((v) => v.name));
    spec.volumes = [...(spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claimVolumes];
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** identityMatches: the identity labels say what the name says (the name itself is fixed). */
export function identityPatch(set: StatefulSet, pod: Pod, ordinal: number): Record<string, string> | undefined {
  const want = { [statefulSetPodNameLabel]: pod.metadata.name!, [podIndexLabel]: String(ordinal) };
  const labels = pod.metadata.labels ?? {};
  const missing = Object.entries(want).filter(([k, v]) => labels[k] !== v);
  return missing.length === 0 ? undefined : Object.fromEntries(missing);
}

/**
 * The owner references a claim should have under the retention policy
 * (updateClaimOwnerRefForSetAndPod): a reference to the set when whenDeleted is Delete, and to
 * the pod when whenScaled is Delete and the ordinal is condemned by a scale-down. Other owners
 * stay untouched.
 */
export function claimOwnerRefs(
  set: StatefulSet,
  claim: PersistentVolumeClaim,
  pod: Pod | undefined,
  condemned: boolean,
): OwnerReference[] {
  const policy = set.spec.persistentVolumeClaimRetentionPolicy ?? {};
  const refs = (claim.metadata.ownerReferences ?? []).filter(
    (r) => r.uid !== set.metadata.uid && !(r.kind === 'Pod' && r.apiVersion === 'v1' && r.name === pod?.metadata.name),
  );
  if ((policy.whenDeleted ?? 'Retain') === 'Delete')
    refs.push({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name!, uid: set.metadata.uid! });
  if ((policy.whenScaled ?? 'Retain') === 'Delete' && condemned && pod?.metadata.uid)
    refs.push({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name!, uid: pod.metadata.uid });
  return refs;
}
