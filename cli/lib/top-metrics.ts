import { parseQuantity } from '../../sdk/api/validation/quantity.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import { CliError } from './cli-errors.js';

/** A metrics.k8s.io usage sample. */
export interface Usage {
  cpu?: string;
  memory?: string;
}

/** What metrics.k8s.io/v1beta1 answers for nodes and pods. */
export interface MetricsList<T> {
  items: T[];
}

/** A NodeMetrics item. */
export interface NodeMetrics {
  metadata: { name: string };
  usage: Usage;
}

/** A PodMetrics item. */
export interface PodMetrics {
  metadata: { name: string; namespace: string };
  containers: { name: string; usage: Usage }[];
}

/** Reads a metrics.k8s.io list; when the group is not served, kubectl's error. */
export async function readMetrics<T>(client: KubeClient, path: string): Promise<MetricsList<T>> {
  try {
    return await client.request<MetricsList<T>>('GET', `/apis/metrics.k8s.io/v1beta1${path}`);
  } catch (e) {
    if (e instanceof NotFoundError) throw new CliError('Metrics API not available');
    throw e;
  }
}

/** CPU in millicores as kubectl top prints it (`250m`). */
export function formatCpu(q: string | undefined): string {
  return `${Math.round((parseQuantity(q ?? '0')?.value ?? 0) * 1000)}m`;
}

/** Memory in mebibytes as kubectl top prints it (`128Mi`). */
export function formatMemory(q: string | undefined): string {
  return `${Math.round((parseQuantity(q ?? '0')?.value ?? 0) / (1024 * 1024))}Mi`;
}

/** `used` as a whole percentage of `capacity` (kubectl's CPU% and MEMORY%). */
export function percentOf(used: string | undefined, capacity: string | undefined): string {
  const u = parseQuantity(used ?? '0')?.value ?? 0;
  const c = parseQuantity(capacity ?? '0')?.value ?? 0;
  return c > 0 ? `${Math.round((u / c) * 100)}%` : '<unknown>';
}

/** Sums container usages of a pod. */
export function podUsage(p: PodMetrics): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of p.containers) {
    cpu += parseQuantity(c.usage.cpu ?? '0')?.value ?? 0;
    memory += parseQuantity(c.usage.memory ?? '0')?.value ?? 0;
  }
  return { cpu, memory };
}
