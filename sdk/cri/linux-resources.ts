import { parseQuantity } from '../api/validation/quantity.js';
import type { LinuxContainerResources } from './container.js';

/** Kubernetes' CPU shares bounds (cgroup v1) and CFS constants. */
const minShares = 2;
const maxShares = 262144;
const sharesPerCpu = 1024;
const quotaPeriod = 100000;
const minQuotaPeriod = 1000;

/** A container's `resources` as the pod spec has them. */
export interface ResourceRequirements {
  readonly requests?: Readonly<Record<string, unknown>>;
  readonly limits?: Readonly<Record<string, unknown>>;
}

/** Optional inputs for the OOM score (kubelet's qos policy). */
export interface OomScoreInputs {
  readonly qosClass: 'Guaranteed' | 'Burstable' | 'BestEffort';
  /** Node memory capacity in bytes (for Burstable pods). */
  readonly memoryCapacityBytes: number;
}

function milliValue(q: unknown): number {
  const parsed = parseQuantity(q);
  return parsed ? Math.ceil(parsed.value * 1000 - 1e-9) : 0;
}

function byteValue(q: unknown): number {
  const parsed = parseQuantity(q);
  return parsed ? Math.ceil(parsed.value - 1e-9) : 0;
}

/** kubelet's MilliCPUToShares: 1 CPU is 1024 shares, at least 2. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu <= 0) return minShares;
  const shares = Math.floor((milliCpu * sharesPerCpu) / 1000);
  return Math.min(maxShares, Math.max(minShares, shares));
}

/** kubelet's MilliCPUToQuota: the CFS quota for a CPU limit over `period` microseconds, at least 1000. */
export function milliCpuToQuota(milliCpu: number, period = quotaPeriod): number {
  if (milliCpu <= 0) return 0;
  return Math.max(minQuotaPeriod, Math.floor((milliCpu * period) / 1000));
}

/**
 * The runtime resources kubelet derives from a container's requests and limits (cgroup v1
 * rules): shares from the CPU request (or the limit when no request), quota over a 100 ms period
 * from the CPU limit, memory limit in bytes, and, when `oom` is given, the OOM score adjustment
 * of the pod's QoS class.
 */
export function linuxContainerResources(
  resources: ResourceRequirements | undefined,
  oom?: OomScoreInputs,
): LinuxContainerResources {
  const requests = resources?.requests ?? {};
  const limits = resources?.limits ?? {};
  const cpuRequest = milliValue(requests['cpu']);
  const cpuLimit = milliValue(limits['cpu']);
  const cpuShares = milliCpuToShares(cpuRequest === 0 && cpuLimit !== 0 ? cpuLimit : cpuRequest);
  const out: { -readonly [K in keyof LinuxContainerResources]: LinuxContainerResources[K] } = { cpuShares };
  if (cpuLimit > 0) {
    out.cpuPeriod = quotaPeriod;
    out.cpuQuota = milliCpuToQuota(cpuLimit);
  }
  const memoryLimit = byteValue(limits['memory']);
  if (memoryLimit > 0) out.memoryLimitInBytes = memoryLimit;
  if (oom) out.oomScoreAdj = oomScoreAdj(oom.qosClass, byteValue(requests['memory']), oom.memoryCapacityBytes);
  return out;
}

/** kubelet's GetContainerOOMScoreAdjust for an ordinary (not critical) pod. */
export function oomScoreAdj(
  qosClass: OomScoreInputs['qosClass'],
  memoryRequestBytes: number,
  capacityBytes: number,
): number {
  if (qosClass === 'Guaranteed') return -997;
  if (qosClass === 'BestEffort') return 1000;
  const adj = 1000 - Math.trunc((1000 * memoryRequestBytes) / capacityBytes);
  // Burstable stays above Guaranteed (1000 - 997) and below BestEffort.
  if (adj < 1000 - 997) return 1000 - 997;
  if (adj === 1000) return 999;
  return adj;
}
