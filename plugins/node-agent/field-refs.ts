import { parseQuantity } from '../../sdk/api/validation/quantity.js';
import type { ContainerSpec, ObjectFieldSelector, PodV1, ResourceFieldSelector } from './pod-types.js';

/** What a pod's downward-API fields read besides the pod object. */
export interface DownwardContext {
  readonly hostIP?: string;
  readonly podIPs?: readonly string[];
  /** Node allocatable, the default of limits that are not set (`cpu`, `memory`, `ephemeral-storage`). */
  readonly nodeAllocatable?: Readonly<Record<string, string | number>>;
}

/** Thrown when a fieldRef or resourceFieldRef cannot be resolved (the container cannot be configured). */
export class FieldRefError extends Error {}

function formatLabels(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(map![k])}`)
    .join('\n');
}

/** kubelet's podFieldSelectorRuntimeValue plus the metadata fields of fieldpath.ExtractFieldPathAsString. */
export function fieldRefValue(pod: PodV1, ref: ObjectFieldSelector, ctx: DownwardContext): string {
  const path = ref.fieldPath;
  const md = pod.metadata;
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? md.labels : md.annotations)?.[sub[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return md.name ?? '';
    case 'metadata.namespace':
      return md.namespace ?? '';
    case 'metadata.uid':
      return md.uid ?? '';
    case 'metadata.labels':
      return formatLabels(md.labels);
    case 'metadata.annotations':
      return formatLabels(md.annotations);
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP':
      return ctx.hostIP ?? '';
    case 'status.hostIPs':
      return ctx.hostIP ?? '';
    case 'status.podIP':
      return ctx.podIPs?.[0] ?? '';
    case 'status.podIPs':
      return (ctx.podIPs ?? []).join(',');
    default:
      throw new FieldRefError(`unsupported fieldPath: ${path}`);
  }
}

/** kubelet's ExtractContainerResourceValue: a request or limit divided by the divisor, rounded up. */
export function resourceFieldRefValue(
  pod: PodV1,
  ref: ResourceFieldSelector,
  defaultContainer: ContainerSpec | undefined,
  ctx: DownwardContext,
): string {
  const container = ref.containerName
    ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === ref.containerName)
    : defaultContainer;
  if (!container) throw new FieldRefError(`container ${ref.containerName ?? ''} not found for resourceFieldRef`);
  const [kind, name] = ref.resource.split('.', 2) as [string, string];
  if ((kind !== 'limits' && kind !== 'requests') || !name)
    throw new FieldRefError(`unsupported container resource: ${ref.resource}`);
  const divisor = parseQuantity(ref.divisor ?? (name === 'cpu' ? '1' : '1'))?.value || 1;
  let raw = container.resources?.[kind]?.[name];
  if (raw === undefined && kind === 'limits') raw = ctx.nodeAllocatable?.[name];
  if (raw === undefined && kind === 'requests') raw = container.resources?.limits?.[name];
  const value = raw === undefined ? 0 : (parseQuantity(raw)?.value ?? 0);
  if (name === 'cpu' || name.startsWith('hugepages') || name === 'memory' || name === 'ephemeral-storage')
    return String(Math.ceil(value / divisor - 1e-9));
  return String(Math.ceil(value / divisor - 1e-9));
}
