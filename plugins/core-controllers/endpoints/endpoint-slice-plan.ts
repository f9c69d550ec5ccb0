import type { KubeObject } from '../../../sdk/api/kube-object.js';
import {
  endpointHostname,
  headlessLabel,
  podIsReady,
  podIpOfFamily,
  resolveTargetPort,
  selectorMatches,
  shouldPodBeInEndpoints,
  type PodLike,
  type ServiceLike,
} from './pod-endpoint.js';

/** The label naming a slice's Service. */
export const serviceNameLabel = 'kubernetes.io/service-name';
/** The label naming the controller that manages a slice. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by';
/** This controller's value of the managed-by label. */
export const endpointSliceControllerName = 'endpointslice-controller.k8s.io';
/** Most endpoints in one slice (kube-controller-manager's --max-endpoints-per-slice default). */
export const maxEndpointsPerSlice = 100;

/** discovery.k8s.io/v1 Endpoint. */
export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid: string };
  nodeName?: string;
  zone?: string;
}

/** discovery.k8s.io/v1 EndpointPort. */
export interface SlicePort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

/** discovery.k8s.io/v1 EndpointSlice. */
export interface EndpointSlice extends KubeObject {
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: SliceEndpoint[];
  ports?: SlicePort[];
}

/** The writes that bring a Service's slices to the desired state. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/**
 * The endpoint of a pod in a Service's slices: ready when serving and not terminating (or when
 * publishNotReadyAddresses), serving when the pod is Ready, terminating when it has a
 * deletionTimestamp; zone from the node's topology.kubernetes.io/zone label.
 */
export function podToSliceEndpoint(svc: ServiceLike, pod: PodLike, ip: string, zone?: string): SliceEndpoint {
  const serving = podIsReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ep: SliceEndpoint = {
    addresses: [ip],
    conditions: {
      ready: svc.spec?.publishNotReadyAddresses === true || (serving && !terminating),
      serving,
      terminating,
    },
  };
  const hostname = endpointHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace!, name: pod.metadata.name!, uid: pod.metadata.uid! };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  return ep;
}

/** The labels of a Service's slices: the Service's own (less reserved ones), the service name, managed-by, headless. */
export function sliceLabels(svc: ServiceLike): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== serviceNameLabel && k !== managedByLabel && k !== headlessLabel) labels[k] = v;
  }
  if (svc.spec?.clusterIP === 'None') labels[headlessLabel] = '';
  labels[serviceNameLabel] = svc.metadata.name!;
  labels[managedByLabel] = endpointSliceControllerName;
  return labels;
}

/** The endpoints a Service should have, grouped by their resolved port list. */
export function desiredSliceGroups(
  svc: ServiceLike,
  pods: readonly PodLike[],
  zoneOfNode: (node: string) => string | undefined,
  addressType: 'IPv4' | 'IPv6',
): Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }> {
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  const sorted = [...pods].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const pod of sorted) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selectorMatches(svc, pod)) continue;
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podIpOfFamily(pod, addressType);
    if (!ip) continue;
    const ports: SlicePort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      const p: SlicePort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(podToSliceEndpoint(svc, pod, ip, pod.spec?.nodeName ? zoneOfNode(pod.spec.nodeName) : undefined));
  }
  return groups;
}

/** A stable key of a port list. */
export function portsKey(ports: readonly SlicePort[] | undefined): string {
  return JSON.stringify(
    [...(ports ?? [])]
      .map((p) => [p.name, p.protocol, p.port, p.appProtocol ?? ''])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
}

const endpointKey = (e: SliceEndpoint) => `${e.targetRef?.uid ?? ''}|${e.addresses.join(',')}`;

/** A new slice of a Service (named by the server from `<service>-`), owned by the Service. */
export function newSlice(
  svc: ServiceLike,
  addressType: 'IPv4' | 'IPv6',
  ports: SlicePort[],
  endpoints: SliceEndpoint[],
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svc.metadata.name!,
          uid: svc.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints,
    ports,
  };
}

/**
 * Plans the writes for a Service's slices (the reconciler of the EndpointSlice controller, kept
 * simple): endpoints stay in the slice that has them (updated in place when they changed), new
 * ones fill slices with room before new slices are made, a slice is never over `maxPerSlice`,
 * empty slices go, and a Service without endpoints keeps one placeholder slice with none.
 */
export function planSlices(
  svc: ServiceLike,
  desired: Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>,
  existing: readonly EndpointSlice[],
  addressType: 'IPv4' | 'IPv6',
  maxPerSlice = maxEndpointsPerSlice,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(svc);
  const mine = existing.filter((s) => s.addressType === addressType);
  for (const s of existing) if (s.addressType !== addressType) plan.delete.push(s);
  const total = [...desired.values()].reduce((n, g) => n + g.endpoints.length, 0);
  if (total === 0) {
    const keep = mine.find((s) => s.endpoints.length === 0 && (s.ports ?? []).length === 0) ?? mine[0];
    for (const s of mine) if (s !== keep) plan.delete.push(s);
    if (!keep) plan.create.push(newSlice(svc, addressType, [], []));
    else if (keep.endpoints.length > 0 || (keep.ports ?? []).length > 0 || !sameLabels(keep, labels))
      plan.update.push({ ...keep, metadata: { ...keep.metadata, labels }, endpoints: [], ports: [] });
    return plan;
  }
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const s of mine) {
    const k = portsKey(s.ports);
    if (!desired.has(k)) plan.delete.push(s);
    else byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }
  for (const [key, group] of desired) {
    const want = new Map(group.endpoints.map((e) => [endpointKey(e), e]));
    const slices = byPorts.get(key) ?? [];
    const next: Array<{ slice: EndpointSlice; endpoints: SliceEndpoint[]; changed: boolean }> = [];
    for (const s of slices) {
      const kept: SliceEndpoint[] = [];
      let changed = !sameLabels(s, labels);
      for (const e of s.endpoints) {
        const k = endpointKey(e);
        const w = want.get(k);
        if (!w || kept.length >= maxPerSlice) {
          changed = true;
          continue;
        }
        if (JSON.stringify(w) !== JSON.stringify(e)) changed = true;
        kept.push(w);
        want.delete(k);
      }
      next.push({ slice: s, endpoints: kept, changed });
    }
    const rest = [...want.values()];
    for (const n of next) {
      while (rest.length > 0 && n.endpoints.length < maxPerSlice) {
        n.endpoints.push(rest.shift()!);
        n.changed = true;
      }
    }
    for (const n of next) {
      if (n.endpoints.length === 0) plan.delete.push(n.slice);
      else if (n.changed)
        plan.update.push({
          ...n.slice,
          metadata: { ...n.slice.metadata, labels },
          endpoints: n.endpoints,
          ports: group.ports,
        });
    }
    while (rest.length > 0) plan.create.push(newSlice(svc, addressType, group.ports, rest.splice(0, maxPerSlice)));
  }
  return plan;
}

function sameLabels(s: EndpointSlice, labels: Record<string, string>): boolean {
  const a = s.metadata.labels ?? {};
  const ka = Object.keys(a);
  return ka.length === Object.keys(labels).length && ka.every((k) => a[k] === labels[k]);
}
