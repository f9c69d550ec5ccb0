import { labelSelectorMatches, type LabelSelector } from '../api/validation/label-selector.js';
import { objectKey, type Node, type Pod, type PodAffinityTerm, type WeightedPodAffinityTerm } from './api-shapes.js';
import { podRequests, Resource } from './resource.js';

let generationCounter = 0;

/** The next value of the process-wide generation counter that marks NodeInfo changes. */
export function nextGeneration(): number {
  return ++generationCounter;
}

/** A pod (anti-)affinity term with its namespaces resolved (framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces named by the term, or the pod's own namespace when neither list nor selector is set. */
  readonly namespaces: ReadonlySet<string>;
  /** Label selector of the matched pods; undefined matches nothing. */
  readonly selector: LabelSelector | undefined;
  /** Namespaces whose labels match this selector are also included (an empty selector means all). */
  readonly namespaceSelector: LabelSelector | undefined;
  readonly topologyKey: string;
  /** Weight for preferred terms (0 for required ones). */
  readonly weight: number;
}

/**
 * True when `term` selects `pod`. `nsLabels` returns the labels of a namespace and is needed only
 * when the term has a namespaceSelector.
 */
export function affinityTermMatches(
  term: AffinityTerm,
  pod: Pod,
  nsLabels?: (ns: string) => Record<string, string> | undefined,
): boolean {
  const ns = pod.metadata.namespace ?? '';
  if (!term.namespaces.has(ns)) {
    if (!term.namespaceSelector) return false;
    if (!labelSelectorMatches(term.namespaceSelector, nsLabels?.(ns))) return false;
  }
  return labelSelectorMatches(term.selector, pod.metadata.labels);
}

function toAffinityTerm(pod: Pod, t: PodAffinityTerm, weight: number): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(pod.metadata.namespace ?? '');
  let selector = t.labelSelector;
  // matchLabelKeys / mismatchLabelKeys merge the incoming pod's label values into the selector.
  const labels = pod.metadata.labels ?? {};
  const extra = [
    ...(t.matchLabelKeys ?? [])
      .filter((k) => k in labels)
      .map((k) => ({ key: k, operator: 'In', values: [labels[k]!] })),
    ...(t.mismatchLabelKeys ?? [])
      .filter((k) => k in labels)
      .map((k) => ({ key: k, operator: 'NotIn', values: [labels[k]!] })),
  ];
  if (selector && extra.length > 0)
    selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
  const nsSel = t.namespaceSelector;
  const emptyNsSel = nsSel && !nsSel.matchLabels && !nsSel.matchExpressions;
  return {
    namespaces,
    selector,
    namespaceSelector: emptyNsSel ? { matchExpressions: [] } : nsSel,
    topologyKey: t.topologyKey,
    weight,
  };
}

/** A pod with what the scheduler derives from it once (framework.PodInfo). */
export class PodInfo {
  /** `namespace/name`. */
  readonly key: string;
  /** Requests as the Fit filter counts them. */
  readonly requests: Resource;
  /** Requests with the 100m / 200Mi defaults, as scoring counts them. */
  readonly nonZeroRequests: Resource;
  readonly requiredAffinityTerms: AffinityTerm[];
  readonly requiredAntiAffinityTerms: AffinityTerm[];
  readonly preferredAffinityTerms: AffinityTerm[];
  readonly preferredAntiAffinityTerms: AffinityTerm[];

  constructor(readonly pod: Pod) {
    this.key = objectKey(pod);
    this.requests = podRequests(pod);
    this.nonZeroRequests = podRequests(pod, true);
    const a = pod.spec?.affinity;
    const req = (ts: PodAffinityTerm[] | undefined) => (ts ?? []).map((t) => toAffinityTerm(pod, t, 0));
    const pref = (ts: WeightedPodAffinityTerm[] | undefined) =>
      (ts ?? []).map((t) => toAffinityTerm(pod, t.podAffinityTerm, t.weight));
    this.requiredAffinityTerms = req(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.requiredAntiAffinityTerms = req(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    this.preferredAffinityTerms = pref(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    this.preferredAntiAffinityTerms = pref(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  }

  /** True when the pod has any pod affinity or anti-affinity. */
  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return !!(a?.podAffinity || a?.podAntiAffinity);
  }
}

/** Host ports in use on a node: `ip -> set of "protocol/port"`. */
export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  /** Records a use of `ip:protocol/port` (counted, so removals balance additions). */
  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    const key = `${protocol || 'TCP'}/${port}`;
    const ipKey = ip || '0.0.0.0';
    let m = this.byIp.get(ipKey);
    if (!m) this.byIp.set(ipKey, (m = new Map()));
    m.set(key, (m.get(key) ?? 0) + 1);
  }

  /** Removes one use of `ip:protocol/port`. */
  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    const ipKey = ip || '0.0.0.0';
    const m = this.byIp.get(ipKey);
    const key = `${protocol || 'TCP'}/${port}`;
    const n = m?.get(key);
    if (!m || n === undefined) return;
    if (n <= 1) m.delete(key);
    else m.set(key, n - 1);
    if (m.size === 0) this.byIp.delete(ipKey);
  }

  /** True when `ip:protocol/port` conflicts with a port in use (0.0.0.0 conflicts with every address). */
  conflicts(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    const key = `${protocol || 'TCP'}/${port}`;
    const ipKey = ip || '0.0.0.0';
    if (ipKey === '0.0.0.0') {
      for (const m of this.byIp.values()) if (m.has(key)) return true;
      return false;
    }
    return !!this.byIp.get(ipKey)?.has(key) || !!this.byIp.get('0.0.0.0')?.has(key);
  }

  /** Number of addresses with ports in use. */
  get size(): number {
    return this.byIp.size;
  }

  /** A copy. */
  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}

/** How many nodes hold an image, and its size (framework.ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

function addPorts(ports: HostPortInfo, pod: Pod, sign: 1 | -1): void {
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort && p.hostPort > 0) {
        if (sign > 0) ports.add(p.hostIP, p.protocol, p.hostPort);
        else ports.remove(p.hostIP, p.protocol, p.hostPort);
      }
}

/**
 * A node with the pods on it (bound or assumed) and the sums the plugins need
 * (framework.NodeInfo). Filter and Score plugins must read the NodeInfo they are given, which may be
 * a "what if" copy during preemption, never the cluster snapshot.
 */
export class NodeInfo {
  node: Node | undefined;
  readonly pods: PodInfo[] = [];
  /** Pods with any pod affinity or anti-affinity. */
  readonly podsWithAffinity: PodInfo[] = [];
  /** Pods with required anti-affinity terms. */
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  /** Sum of the pods' requests. */
  requested = new Resource();
  /** Sum of the pods' requests with the scoring defaults. */
  nonZeroRequested = new Resource();
  /** status.allocatable of the node. */
  allocatable = new Resource();
  /** Images on this node by name, with how many nodes in the cluster hold each. */
  imageStates = new Map<string, ImageStateSummary>();
  /** Bumped on every change; snapshots copy only NodeInfos whose generation moved. */
  generation = nextGeneration();

  constructor(node?: Node, pods: Pod[] = []) {
    if (node) this.setNode(node);
    for (const p of pods) this.addPod(p);
  }

  /** The node's name ('' when the node object is not known yet). */
  get name(): string {
    return this.node?.metadata.name ?? '';
  }

  /** Sets or replaces the node object. */
  setNode(node: Node): void {
    this.node = node;
    this.allocatable = Resource.fromList(node.status?.allocatable);
    this.generation = nextGeneration();
  }

  /** Adds a pod (a PodInfo is reused as is). */
  addPod(pod: Pod | PodInfo): void {
    const pi = pod instanceof PodInfo ? pod : new PodInfo(pod);
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(pi);
    this.requested.add(pi.requests);
    this.nonZeroRequested.add(pi.nonZeroRequests);
    addPorts(this.usedPorts, pi.pod, 1);
    this.generation = nextGeneration();
  }

  /** Removes the pod with the same namespace/name (or uid); false when it was not there. */
  removePod(pod: Pod): boolean {
    const key = objectKey(pod);
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    const drop = (list: PodInfo[]) => {
      const j = list.indexOf(pi);
      if (j >= 0) list.splice(j, 1);
    };
    drop(this.podsWithAffinity);
    drop(this.podsWithRequiredAntiAffinity);
    this.requested.add(pi.requests, -1);
    this.nonZeroRequested.add(pi.nonZeroRequests, -1);
    addPorts(this.usedPorts, pi.pod, -1);
    this.generation = nextGeneration();
    return true;
  }

  /** A copy whose pod lists and sums can change independently (PodInfos are shared, they are immutable). */
  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods.push(...this.pods);
    c.podsWithAffinity.push(...this.podsWithAffinity);
    c.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    c.usedPorts = this.usedPorts.clone();
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable.clone();
    c.imageStates = this.imageStates;
    c.generation = this.generation;
    return c;
  }
}
