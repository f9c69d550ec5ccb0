import { parseQuantity } from '../api/validation/quantity.js';
import type { Container, Pod, ResourceList } from './api-shapes.js';

/** CPU in millicores assumed for a container without a cpu request when scoring (100m). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Memory in bytes assumed for a container without a memory request when scoring (200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Amounts of resources (kube-scheduler's framework.Resource): cpu in millicores, memory and
 * ephemeral storage in bytes, the pod count, and any other ("scalar") resource by name.
 */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  readonly scalar = new Map<string, number>();

  /** Builds a Resource from a quantity map (`requests`, `allocatable`). */
  static fromList(list: ResourceList | undefined): Resource {
    const r = new Resource();
    r.addList(list);
    return r;
  }

  /** Adds every quantity of `list`. */
  addList(list: ResourceList | undefined): void {
    if (!list) return;
    for (const [name, q] of Object.entries(list)) this.addNamed(name, quantityValue(name, q));
  }

  /** Adds `value` (millicores for cpu, units otherwise) of resource `name`. */
  addNamed(name: string, value: number): void {
    switch (name) {
      case 'cpu':
        this.milliCPU += value;
        break;
      case 'memory':
        this.memory += value;
        break;
      case 'ephemeral-storage':
        this.ephemeralStorage += value;
        break;
      case 'pods':
        this.allowedPodNumber += value;
        break;
      default:
        if (isScalarResourceName(name)) this.scalar.set(name, (this.scalar.get(name) ?? 0) + value);
    }
  }

  /** The amount of resource `name` (millicores for cpu). */
  get(name: string): number {
    switch (name) {
      case 'cpu':
        return this.milliCPU;
      case 'memory':
        return this.memory;
      case 'ephemeral-storage':
        return this.ephemeralStorage;
      case 'pods':
        return this.allowedPodNumber;
      default:
        return this.scalar.get(name) ?? 0;
    }
  }

  /** Adds `other` into this (sign -1 subtracts). */
  add(other: Resource, sign = 1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    for (const [k, v] of other.scalar) this.scalar.set(k, (this.scalar.get(k) ?? 0) + sign * v);
  }

  /** Sets each amount to the larger of this and `other`. */
  setMax(other: Resource): void {
    this.milliCPU = Math.max(this.milliCPU, other.milliCPU);
    this.memory = Math.max(this.memory, other.memory);
    this.ephemeralStorage = Math.max(this.ephemeralStorage, other.ephemeralStorage);
    for (const [k, v] of other.scalar) this.scalar.set(k, Math.max(this.scalar.get(k) ?? 0, v));
  }

  /** A copy. */
  clone(): Resource {
    const r = new Resource();
    r.add(this);
    return r;
  }
}

/**
 * True for resources the scheduler tracks by name: extended resources (`example.com/gpu`),
 * hugepages and attachable volumes; not the native cpu/memory/ephemeral-storage/pods.
 */
export function isScalarResourceName(name: string): boolean {
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name === 'pods') return false;
  return name.startsWith('hugepages-') || name.startsWith('attachable-volumes-') || name.includes('/');
}

/** A quantity as the scheduler counts it: millicores (rounded up) for cpu, whole units otherwise. */
export function quantityValue(name: string, q: unknown): number {
  const v = parseQuantity(q)?.value ?? 0;
  return name === 'cpu' ? Math.ceil(Math.round(v * 1e9) / 1e6) : Math.ceil(v);
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const req = c.resources?.requests;
  const r = Resource.fromList(req);
  if (nonZero) {
    if (req?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The resources a pod requests (resourcehelper.PodRequests): the sum over containers, raised to
 * the largest init container (sidecar init containers, restartPolicy Always, count cumulatively),
 * plus `spec.overhead`. With `nonZero`, containers without a cpu or memory request count as
 * 100m / 200Mi, as the scheduler's scoring does.
 */
export function podRequests(pod: Pod, nonZero = false): Resource {
  const spec = pod.spec ?? {};
  const total = new Resource();
  for (const c of spec.containers ?? []) total.add(containerRequests(c, nonZero));
  const sidecars = new Resource();
  const initMax = new Resource();
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      sidecars.add(r);
      initMax.setMax(sidecars);
    } else {
      const withSidecars = r.clone();
      withSidecars.add(sidecars);
      initMax.setMax(withSidecars);
    }
  }
  total.add(sidecars);
  total.setMax(initMax);
  if (spec.overhead) total.addList(spec.overhead);
  return total;
}
