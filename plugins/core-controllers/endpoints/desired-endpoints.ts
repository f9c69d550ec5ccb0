import {
  compareIps,
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

/** v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid: string };
}

/** v1 EndpointPort. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** v1 EndpointSubset. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Most addresses one Endpoints object holds; more are truncated (and the object annotated). */
export const maxEndpointsPerEndpoints = 1000;
/** The annotation of a truncated Endpoints object. */
export const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity';

/** What the Endpoints object of a Service should hold. */
export interface DesiredEndpoints {
  labels: Record<string, string>;
  subsets: EndpointSubset[];
  /** True when more than 1000 addresses were found and the list was cut. */
  truncated: boolean;
}

/**
 * The Endpoints of a Service with a selector (the endpoints controller's syncService): one address
 * per matching pod with an IP, in `addresses` when ready (or when publishNotReadyAddresses) and in
 * `notReadyAddresses` otherwise, grouped into subsets by their resolved ports; terminating pods are
 * left out unless publishNotReadyAddresses. Labels are the Service's, plus the headless label.
 */
export function desiredEndpoints(svc: ServiceLike, pods: readonly PodLike[]): DesiredEndpoints {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const family = (svc.spec?.ipFamilies?.[0] as 'IPv4' | 'IPv6' | undefined) ?? 'IPv4';
  const headless = svc.spec?.clusterIP === 'None';
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const add = (ports: EndpointPort[], addr: EndpointAddress, ready: boolean) => {
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (ready ? g.ready : g.notReady).push(addr);
  };
  for (const pod of pods) {
    if (pod.metadata.namespace !== svc.metadata.namespace || !selectorMatches(svc, pod)) continue;
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIpOfFamily(pod, family);
    if (!ip) continue;
    const addr: EndpointAddress = { ip };
    const hostname = endpointHostname(pod, svc);
    if (hostname) addr.hostname = hostname;
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    addr.targetRef = {
      kind: 'Pod',
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      uid: pod.metadata.uid!,
    };
    const ready = tolerateUnready || podIsReady(pod);
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0 && headless) {
      add([], addr, ready);
      continue;
    }
    for (const sp of svcPorts) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      const ep: EndpointPort = { name: sp.name || undefined, port, protocol: sp.protocol ?? 'TCP' };
      if (!ep.name) delete ep.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add([ep], addr, ready);
    }
  }
  // Repack: addresses with the same set of ports form one subset.
  const byAddress = new Map<string, { addr: EndpointAddress; ready: boolean; ports: EndpointPort[] }>();
  for (const g of groups.values()) {
    for (const [list, ready] of [
      [g.ready, true],
      [g.notReady, false],
    ] as const) {
      for (const addr of list) {
        const k = `${ready}|${addr.ip}|${addr.targetRef?.uid ?? ''}`;
        const cur = byAddress.get(k) ?? { addr, ready, ports: [] };
        cur.ports.push(...g.ports);
        byAddress.set(k, cur);
      }
    }
  }
  const subsets = new Map<string, EndpointSubset>();
  let total = 0;
  let truncated = false;
  const entries = [...byAddress.values()].sort((a, b) => Number(b.ready) - Number(a.ready));
  for (const e of entries) {
    if (total >= maxEndpointsPerEndpoints) {
      truncated = true;
      break;
    }
    total++;
    const ports = [...e.ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    const key = JSON.stringify(ports);
    let s = subsets.get(key);
    if (!s) subsets.set(key, (s = ports.length > 0 ? { ports } : {}));
    const field = e.ready ? 'addresses' : 'notReadyAddresses';
    (s[field] ??= []).push(e.addr);
  }
  for (const s of subsets.values()) {
    const order = (a: EndpointAddress, b: EndpointAddress) =>
      compareIps(a.ip, b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
    s.addresses?.sort(order);
    s.notReadyAddresses?.sort(order);
  }
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (headless) labels[headlessLabel] = '';
  else delete labels[headlessLabel];
  const ordered = [...subsets.values()].map((s) => {
    const o: EndpointSubset = {};
    if (s.addresses) o.addresses = s.addresses;
    if (s.notReadyAddresses) o.notReadyAddresses = s.notReadyAddresses;
    if (s.ports) o.ports = s.ports;
    return o;
  });
  return { labels, subsets: ordered, truncated };
}
