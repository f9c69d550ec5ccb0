// Fixture builders in the spirit of kube-scheduler's pkg/scheduler/testing (MakePod/MakeNode).
import type {
  Container,
  Node,
  Pod,
  Taint,
  Toleration,
  TopologySpreadConstraint,
  Affinity,
} from '../../../sdk/scheduler/index.js';

let seq = 0;

/** A pod builder: `makePod('p').req({ cpu: '1' }).obj()`. */
export function makePod(name: string, namespace = 'default') {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${name}-${++seq}`,
      labels: {},
      creationTimestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    },
    spec: { containers: [{ name: 'c', image: 'busybox' }], schedulerName: 'default-scheduler' },
    status: { phase: 'Pending' },
  };
  const c = () => pod.spec!.containers![0]! as Container;
  const b = {
    req(r: Record<string, string>) {
      c().resources = { requests: r };
      return b;
    },
    container(ct: Container) {
      pod.spec!.containers!.push(ct);
      return b;
    },
    image(i: string) {
      c().image = i;
      return b;
    },
    labels(l: Record<string, string>) {
      pod.metadata.labels = { ...pod.metadata.labels, ...l };
      return b;
    },
    node(n: string) {
      pod.spec!.nodeName = n;
      pod.status!.phase = 'Running';
      return b;
    },
    priority(p: number) {
      pod.spec!.priority = p;
      return b;
    },
    nodeSelector(s: Record<string, string>) {
      pod.spec!.nodeSelector = s;
      return b;
    },
    affinity(a: Affinity) {
      pod.spec!.affinity = a;
      return b;
    },
    tolerations(t: Toleration[]) {
      pod.spec!.tolerations = t;
      return b;
    },
    hostPort(port: number, protocol = 'TCP', hostIP?: string) {
      c().ports = [...(c().ports ?? []), { containerPort: port, hostPort: port, protocol, hostIP }];
      return b;
    },
    spread(s: TopologySpreadConstraint) {
      pod.spec!.topologySpreadConstraints = [...(pod.spec!.topologySpreadConstraints ?? []), s];
      return b;
    },
    schedulerName(n: string) {
      pod.spec!.schedulerName = n;
      return b;
    },
    preemptionPolicy(p: 'Never' | 'PreemptLowerPriority') {
      pod.spec!.preemptionPolicy = p;
      return b;
    },
    gates(...names: string[]) {
      pod.spec!.schedulingGates = names.map((name) => ({ name }));
      return b;
    },
    obj(): Pod {
      return structuredClone(pod);
    },
  };
  return b;
}

/** A node builder: `makeNode('n1').capacity({ cpu: '4', memory: '8Gi', pods: '110' }).obj()`. */
export function makeNode(name: string) {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
  const b = {
    capacity(r: Record<string, string>) {
      node.status!.capacity = { ...r };
      node.status!.allocatable = { ...r };
      return b;
    },
    labels(l: Record<string, string>) {
      node.metadata.labels = { ...node.metadata.labels, ...l };
      return b;
    },
    taints(t: Taint[]) {
      node.spec!.taints = t;
      return b;
    },
    unschedulable() {
      node.spec!.unschedulable = true;
      return b;
    },
    images(list: { names: string[]; sizeBytes: number }[]) {
      node.status!.images = list;
      return b;
    },
    obj(): Node {
      return structuredClone(node);
    },
  };
  return b;
}
