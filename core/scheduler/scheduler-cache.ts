import {
  nextGeneration,
  NodeInfo,
  objectKey,
  PodInfo,
  type ImageStateSummary,
  type Node,
  type NodeInfoLister,
  type Pod,
} from '../../sdk/scheduler/index.js';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

/**
 * The scheduler's view of the cluster (kube-scheduler's internal cache): NodeInfos built from node
 * and pod events, plus pods "assumed" onto a node at Reserve so the next cycle can count them
 * before the bind call returns. `updateSnapshot` copies only what changed since the last cycle.
 */
export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly images = new Map<string, ImageStateSummary & { nodes: Set<string> }>();
  private nodeSetChanged = true;
  /** Nodes changed since the last snapshot update. */
  private readonly dirty = new Set<string>();

  /** Adds or replaces a node. */
  addOrUpdateNode(node: Node): void {
    const name = node.metadata.name!;
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo();
      this.nodes.set(name, ni);
      this.nodeSetChanged = true;
    } else if (!ni.node) this.nodeSetChanged = true;
    this.removeNodeImages(name);
    this.dirty.add(name);
    ni.setNode(node);
    ni.imageStates = this.addNodeImages(node);
  }

  /** Removes a node; its pods stay accounted until they are deleted. */
  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.removeNodeImages(name);
    this.dirty.add(name);
    if (ni.pods.length === 0) this.nodes.delete(name);
    else {
      ni.node = undefined;
      ni.generation++;
    }
    this.nodeSetChanged = true;
  }

  /** Counts `pod` (with spec.nodeName set to `nodeName`) on its node before the bind is confirmed. */
  assumePod(pod: Pod, nodeName: string): void {
    const key = objectKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is already in the cache, so cannot be assumed`);
    this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
    this.podStates.set(key, { pod, nodeName, assumed: true, bindingFinished: false });
  }

  /** Marks the binding of an assumed pod as done. */
  finishBinding(pod: Pod): void {
    const s = this.podStates.get(objectKey(pod));
    if (s?.assumed) s.bindingFinished = true;
  }

  /** Undoes `assumePod` (a failed binding). */
  forgetPod(pod: Pod): void {
    const key = objectKey(pod);
    const s = this.podStates.get(key);
    if (!s || !s.assumed) return;
    this.removeFromNode(s.nodeName, s.pod);
    this.cleanupNode(s.nodeName);
    this.podStates.delete(key);
  }

  /** True when the pod is assumed and not yet confirmed by an informer event. */
  isAssumed(pod: Pod): boolean {
    return !!this.podStates.get(objectKey(pod))?.assumed;
  }

  /** A bound pod was added (or confirmed an assumed one). */
  addPod(pod: Pod): void {
    const key = objectKey(pod);
    const nodeName = pod.spec?.nodeName ?? '';
    const s = this.podStates.get(key);
    if (s) {
      if (s.assumed && s.nodeName !== nodeName) {
        this.removeFromNode(s.nodeName, s.pod);
        this.cleanupNode(s.nodeName);
        this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
      } else if (s.assumed) {
        this.removeFromNode(nodeName, s.pod);
        this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
      } else return this.updatePod(s.pod, pod);
      this.podStates.set(key, { pod, nodeName, assumed: false, bindingFinished: true });
      return;
    }
    this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
    this.podStates.set(key, { pod, nodeName, assumed: false, bindingFinished: true });
  }

  /** A bound pod changed. */
  updatePod(_old: Pod, pod: Pod): void {
    const key = objectKey(pod);
    const s = this.podStates.get(key);
    if (!s) return this.addPod(pod);
    this.removeFromNode(s.nodeName, s.pod);
    this.cleanupNode(s.nodeName);
    const nodeName = pod.spec?.nodeName ?? s.nodeName;
    this.nodeInfoFor(nodeName).addPod(new PodInfo(pod));
    this.podStates.set(key, { pod, nodeName, assumed: false, bindingFinished: true });
  }

  /** A bound pod was deleted (or finished). */
  removePod(pod: Pod): void {
    const key = objectKey(pod);
    const s = this.podStates.get(key);
    if (!s) return;
    this.removeFromNode(s.nodeName, s.pod);
    this.cleanupNode(s.nodeName);
    this.podStates.delete(key);
  }

  /** Number of known nodes (with a Node object). */
  nodeCount(): number {
    let n = 0;
    for (const ni of this.nodes.values()) if (ni.node) n++;
    return n;
  }

  /** Number of pods in the cache (bound and assumed). */
  podCount(): number {
    return this.podStates.size;
  }

  /** Brings `snapshot` up to date, copying only NodeInfos whose generation moved. */
  updateSnapshot(snapshot: Snapshot): void {
    let affinityChanged = false;
    let replacedOnly = !this.nodeSetChanged;
    for (const name of this.dirty) {
      const ni = this.nodes.get(name);
      const had = snapshot.map.get(name);
      if (!ni) {
        if (had) {
          snapshot.map.delete(name);
          replacedOnly = false;
          affinityChanged = true;
        }
        continue;
      }
      if (ni.generation <= snapshot.generation && had) continue;
      if (had && (had.podsWithAffinity.length > 0 || had.podsWithRequiredAntiAffinity.length > 0))
        affinityChanged = true;
      if (ni.podsWithAffinity.length > 0 || ni.podsWithRequiredAntiAffinity.length > 0) affinityChanged = true;
      if (!ni.node) {
        if (had) {
          snapshot.map.delete(name);
          replacedOnly = false;
        }
        continue;
      }
      if (!had) replacedOnly = false;
      const copy = ni.clone();
      snapshot.map.set(name, copy);
      if (replacedOnly) snapshot.replace(copy);
    }
    this.dirty.clear();
    if (this.nodeSetChanged) {
      for (const name of [...snapshot.map.keys()]) if (!this.nodes.get(name)?.node) snapshot.map.delete(name);
      this.nodeSetChanged = false;
      affinityChanged = true;
    }
    if (!replacedOnly || affinityChanged) snapshot.rebuild(affinityChanged);
    snapshot.generation = nextGeneration();
  }

  private nodeInfoFor(name: string): NodeInfo {
    this.dirty.add(name);
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo();
      this.nodes.set(name, ni);
    }
    return ni;
  }

  private removeFromNode(name: string, pod: Pod): void {
    this.dirty.add(name);
    this.nodes.get(name)?.removePod(pod);
  }

  private cleanupNode(name: string): void {
    const ni = this.nodes.get(name);
    if (ni && !ni.node && ni.pods.length === 0) this.nodes.delete(name);
  }

  private addNodeImages(node: Node): Map<string, ImageStateSummary> {
    const out = new Map<string, ImageStateSummary>();
    const name = node.metadata.name!;
    for (const img of node.status?.images ?? []) {
      for (const n of img.names ?? []) {
        let s = this.images.get(n);
        if (!s) this.images.set(n, (s = { size: img.sizeBytes ?? 0, numNodes: 0, nodes: new Set() }));
        if (!s.nodes.has(name)) {
          s.nodes.add(name);
          s.numNodes = s.nodes.size;
        }
        out.set(n, s);
      }
    }
    return out;
  }

  private removeNodeImages(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    for (const [img, s] of ni.imageStates) {
      const st = this.images.get(img);
      if (!st) continue;
      st.nodes.delete(name);
      st.numNodes = st.nodes.size;
      if (st.nodes.size === 0) this.images.delete(img);
      void s;
    }
  }
}

/** The per-cycle, read-only copy of the cache (kube-scheduler's Snapshot). */
export class Snapshot implements NodeInfoLister {
  readonly map = new Map<string, NodeInfo>();
  generation = 0;
  private all: NodeInfo[] = [];
  private readonly position = new Map<string, number>();
  private withAffinity: NodeInfo[] = [];
  private withRequiredAnti: NodeInfo[] = [];

  /** Refreshes the lists from the map (affinity lists only when `affinity`). */
  rebuild(affinity: boolean): void {
    this.all = [...this.map.values()];
    this.position.clear();
    this.all.forEach((n, i) => this.position.set(n.name, i));
    if (affinity) {
      this.withAffinity = this.all.filter((n) => n.podsWithAffinity.length > 0);
      this.withRequiredAnti = this.all.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    } else {
      this.withAffinity = this.withAffinity.map((n) => this.map.get(n.name)!).filter(Boolean);
      this.withRequiredAnti = this.withRequiredAnti.map((n) => this.map.get(n.name)!).filter(Boolean);
    }
  }

  /** Replaces a node's copy in place (the node set did not change). */
  replace(ni: NodeInfo): void {
    const i = this.position.get(ni.name);
    if (i !== undefined) this.all[i] = ni;
  }

  list(): readonly NodeInfo[] {
    return this.all;
  }

  get(name: string): NodeInfo | undefined {
    return this.map.get(name);
  }

  havePodsWithAffinity(): readonly NodeInfo[] {
    return this.withAffinity;
  }

  havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    return this.withRequiredAnti;
  }

  /** Number of nodes. */
  numNodes(): number {
    return this.all.length;
  }
}
