import { controllerRefOf, newControllerRef } from './controller-ref.js';
import { podFromTemplate, podsPrefix } from './pod-from-template.js';
import { computePodTemplateHash } from './pod-template-hash.js';
import { isPodActive, isPodAvailable, isPodReady, parseTime } from './pod-state.js';
import { scaledValue } from './scaled-value.js';
import type {
  DaemonSet,
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  Taint,
  Toleration,
} from './workload-types.js';

/** The label with the hash of the template a DaemonSet pod was made from. */
export const controllerRevisionHashLabel = 'controller-revision-hash';
/** The (deprecated, still written) label with the DaemonSet generation a pod was made from. */
export const podTemplateGenerationLabel = 'pod-template-generation';

/** The tolerations every DaemonSet pod gets (AddOrUpdateDaemonPodTolerations). */
export const daemonPodTolerations: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if ((t.operator ?? 'Equal') === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(value) > Number(r.values?.[0]);
    case 'Lt':
      return has && Number(value) < Number(r.values?.[0]);
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  if (!term.matchExpressions?.length && !term.matchFields?.length) return false;
  const labels = node.metadata.labels ?? {};
  return (
    (term.matchExpressions ?? []).every((r) => requirementMatches(r, labels[r.key])) &&
    (term.matchFields ?? []).every((r) =>
      requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined),
    )
  );
}

/**
 * NodeShouldRunDaemonPod: the template's nodeSelector and required node affinity match the node,
 * and the pod (with the DaemonSet tolerations) tolerates the node's NoSchedule and NoExecute taints.
 */
export function nodeShouldRunDaemonPod(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec.template.spec ?? {};
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => termMatches(t, node))) return false;
  const tolerations = [...(spec.tolerations ?? []), ...daemonPodTolerations];
  return (node.spec?.taints ?? [])
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((t) => tolerates(tolerations, t));
}

/** The node a DaemonSet pod is for: spec.nodeName, or the matchFields metadata.name affinity. */
export function daemonPodNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms ?? []) {
    const f = term.matchFields?.find((r) => r.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1);
    if (f) return f.values![0];
  }
  return undefined;
}

/** The hash of the DaemonSet's current template (the controller-revision-hash of its pods). */
export function daemonSetHash(ds: DaemonSet): string {
  return computePodTemplateHash(ds.spec.template, ds.status?.collisionCount);
}

/**
 * The pod for `node`: the template with the DaemonSet tolerations, the revision labels and a
 * required node affinity on matchFields metadata.name In [node] (ReplaceDaemonSetPodNodeNameNodeAffinity:
 * each existing term gets that field requirement instead of its own matchFields).
 */
export function daemonPod(ds: DaemonSet, node: string, hash: string): Pod {
  const template = structuredClone(ds.spec.template);
  template.metadata ??= {};
  template.metadata.labels = {
    ...(template.metadata.labels ?? {}),
    [controllerRevisionHashLabel]: hash,
    [podTemplateGenerationLabel]: String(ds.metadata.generation ?? 1),
  };
  const spec = (template.spec ??= {});
  const tolerations = [...(spec.tolerations ?? [])];
  for (const t of daemonPodTolerations)
    if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
  spec.tolerations = tolerations;
  const field: NodeSelectorRequirement = { key: 'metadata.name', operator: 'In', values: [node] };
  const affinity = (spec.affinity ??= {});
  const na = (affinity.nodeAffinity ??= {});
  const terms = na.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  na.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms:
      terms.length > 0 ? terms.map((t) => ({ ...t, matchFields: [field] })) : [{ matchFields: [field] }],
  };
  return podFromTemplate(
    template,
    ds.metadata.namespace ?? 'default',
    podsPrefix(ds.metadata.name ?? ''),
    newControllerRef(ds, 'apps/v1', 'DaemonSet'),
  );
}

/** What one DaemonSet sync writes. */
export interface DaemonSetSyncPlan {
  create: Pod[];
  delete: Pod[];
  status: NonNullable<DaemonSet['status']>;
}

/**
 * One DaemonSet sync (manage + rollingUpdate + updateDaemonSetStatus): a pod on every eligible
 * node that has none (failed pods are deleted and replaced), surplus pods per node and pods on
 * ineligible nodes deleted; for RollingUpdate, out-of-date pods are deleted, unavailable ones first,
 * then available ones while fewer than maxUnavailable (default 1) pods are unavailable.
 */
export function planDaemonSetSync(ds: DaemonSet, nodes: Node[], pods: Pod[], nowMs: number): DaemonSetSyncPlan {
  const hash = daemonSetHash(ds);
  const minReady = ds.spec.minReadySeconds ?? 0;
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (controllerRefOf(p)?.uid !== ds.metadata.uid || p.metadata.deletionTimestamp) continue;
    const n = daemonPodNode(p);
    if (!n) continue;
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const create: Pod[] = [];
  const del: Pod[] = [];
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  const eligible = new Set<string>();
  for (const node of nodes) {
    const name = node.metadata.name!;
    const should = !ds.metadata.deletionTimestamp && nodeShouldRunDaemonPod(ds, node);
    const onNode = byNode.get(name) ?? [];
    if (!should) {
      if (onNode.length > 0) misscheduled++;
      del.push(...onNode.filter(isPodActive));
      continue;
    }
    eligible.add(name);
    desired++;
    const alive = onNode.filter((p) => p.status?.phase !== 'Failed');
    del.push(...onNode.filter((p) => p.status?.phase === 'Failed'));
    if (alive.length === 0) {
      create.push(daemonPod(ds, name, hash));
      continue;
    }
    current++;
    const sorted = [...alive].sort(
      (a, b) => (parseTime(a.metadata.creationTimestamp) ?? 0) - (parseTime(b.metadata.creationTimestamp) ?? 0),
    );
    del.push(...sorted.slice(1));
    const pod = sorted[0]!;
    if (isPodReady(pod)) ready++;
    if (isPodAvailable(pod, minReady, nowMs)) available++;
    if (pod.metadata.labels?.[controllerRevisionHashLabel] === hash) updated++;
  }
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && !ds.metadata.deletionTimestamp) {
    const maxUnavailable = scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
    let unavailable = desired - available;
    const old = [...byNode.entries()]
      .filter(([n]) => eligible.has(n))
      .map(([, ps]) => ps[0]!)
      .filter((p) => p.metadata.labels?.[controllerRevisionHashLabel] !== hash && !del.includes(p));
    for (const p of old.filter((p) => !isPodAvailable(p, minReady, nowMs))) del.push(p);
    for (const p of old.filter((p) => isPodAvailable(p, minReady, nowMs))) {
      if (unavailable >= maxUnavailable) break;
      del.push(p);
      unavailable++;
    }
  }
  const status: NonNullable<DaemonSet['status']> = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
  if (!status.updatedNumberScheduled) delete status.updatedNumberScheduled;
  if (!status.numberAvailable) delete status.numberAvailable;
  if (!status.numberUnavailable) delete status.numberUnavailable;
  if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
  return { create, delete: [...new Set(del)], status };
}
