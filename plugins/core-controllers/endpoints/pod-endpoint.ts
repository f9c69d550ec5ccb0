import type { KubeObject } from '../../../sdk/api/kube-object.js';

/** The fields of a Pod the endpoint controllers read. */
export interface PodLike extends KubeObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    restartPolicy?: string;
    containers?: Array<{ ports?: Array<{ name?: string; containerPort: number; protocol?: string }> }>;
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: Array<{ ip: string }>;
    conditions?: Array<{ type: string; status: string }>;
  };
}

/** One port of a Service. */
export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
}

/** The fields of a Service the endpoint controllers read. */
export interface ServiceLike extends KubeObject {
  spec?: {
    selector?: Record<string, string>;
    clusterIP?: string;
    type?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    ipFamilies?: string[];
  };
}

/** The label that marks Endpoints and EndpointSlices of headless Services. */
export const headlessLabel = 'service.kubernetes.io/headless';

/** Whether the pod's Ready condition is True (podutil.IsPodReady). */
export function podIsReady(pod: PodLike): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Whether a pod belongs in a Service's endpoints (endpointutil.ShouldPodBeInEndpoints): it has an
 * IP, is not terminating (unless `includeTerminating`), and has not finished for good.
 */
export function shouldPodBeInEndpoints(pod: PodLike, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (pod.spec?.restartPolicy === 'Never') return phase !== 'Failed' && phase !== 'Succeeded';
  if (pod.spec?.restartPolicy === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/** Whether the Service's endpoints are computed from a selector (a non-empty one; not ExternalName). */
export function serviceHasSelector(svc: ServiceLike): boolean {
  return !!svc.spec?.selector && Object.keys(svc.spec.selector).length > 0 && svc.spec.type !== 'ExternalName';
}

/** Whether the pod's labels match the Service's selector. */
export function selectorMatches(svc: ServiceLike, pod: PodLike): boolean {
  const sel = svc.spec?.selector ?? {};
  const labels = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/**
 * The container port a Service port targets on a pod (podutil.FindPort): a number is taken as is
 * (the service port when absent), a name is looked up among the containers' ports of the same
 * protocol; undefined when the name is not found.
 */
export function resolveTargetPort(port: ServicePort, pod: PodLike): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** The pod's IP of a family ('IPv4' or 'IPv6'), from status.podIPs or status.podIP. */
export function podIpOfFamily(pod: PodLike, family: 'IPv4' | 'IPv6'): string | undefined {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.find((ip) => (family === 'IPv6') === ip.includes(':'));
}

/** The hostname a pod publishes in a Service's endpoints (spec.hostname when spec.subdomain is the Service). */
export function endpointHostname(pod: PodLike, svc: ServiceLike): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace
    ? h
    : undefined;
}

/** Orders IP texts as Kubernetes compares parsed IPs (numerically, v4 before v6). */
export function compareIps(a: string, b: string): number {
  const key = (ip: string) =>
    ip.includes(':')
      ? `1${ip
          .split(':')
          .map((p) => p.padStart(4, '0'))
          .join('')}`
      : `0${ip
          .split('.')
          .map((p) => p.padStart(3, '0'))
          .join('')}`;
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
