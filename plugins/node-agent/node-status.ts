import { cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { Image, RuntimeVersion } from '../../sdk/cri/index.js';
import { rfc3339 } from './pod-types.js';

/** The agent's version as Node.status.nodeInfo.kubeletVersion reports it. */
export const agentVersion = 'v1.32.0-capstan';

/** Facts about the machine that go into the Node object. */
export interface MachineFacts {
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly hostname: string;
  readonly internalIP?: string;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly machineID: string;
  readonly bootID: string;
  readonly architecture: string;
}

const readTrim = (path: string) =>
  readFile(path, 'utf8').then(
    (s) => s.trim(),
    () => '',
  );

/** The first IPv4 address of a real interface (not loopback, Docker, bridges or veths). */
export function primaryIPv4(skip: readonly string[] = []): string | undefined {
  const ifs = networkInterfaces();
  for (const [name, addrs] of Object.entries(ifs)) {
    if (/^(lo|docker|veth|br-|cni|capstan|flannel|virbr)/.test(name) || skip.includes(name)) continue;
    const a = addrs?.find((x) => x.family === 'IPv4' && !x.internal);
    if (a) return a.address;
  }
  return undefined;
}

/** Reads the machine's facts (CPU, memory, addresses, OS and IDs). */
export async function readMachineFacts(): Promise<MachineFacts> {
  const osRelease = await readTrim('/etc/os-release');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(osRelease)?.[1] ?? 'Linux';
  return {
    cpus: cpus().length || 1,
    memoryBytes: totalmem(),
    hostname: hostname(),
    internalIP: primaryIPv4(),
    kernelVersion: release(),
    osImage: pretty,
    machineID: await readTrim('/etc/machine-id'),
    bootID: await readTrim('/proc/sys/kernel/random/boot_id'),
    architecture: process.arch === 'x64' ? 'amd64' : process.arch,
  };
}

/** What the agent reserves from capacity: kubelet's default hard eviction threshold for memory. */
export const reservedMemoryBytes = 100 * 1024 * 1024;

/** Capacity and allocatable of the node. */
export function nodeResources(
  facts: MachineFacts,
  maxPods: number,
): {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
} {
  const memKi = Math.floor(facts.memoryBytes / 1024);
  const allocKi = Math.max(0, Math.floor((facts.memoryBytes - reservedMemoryBytes) / 1024));
  return {
    capacity: { cpu: String(facts.cpus), memory: `${memKi}Ki`, pods: String(maxPods) },
    allocatable: { cpu: String(facts.cpus), memory: `${allocKi}Ki`, pods: String(maxPods) },
  };
}

/** The images list of Node.status (largest first, at most 50, as kubelet reports). */
export function nodeImages(images: readonly Image[]): { names: string[]; sizeBytes: number }[] {
  return [...images]
    .filter((i) => i.repoTags.length > 0)
    .sort((a, b) => b.sizeBytes - a.sizeBytes)
    .slice(0, 50)
    .map((i) => ({ names: [...i.repoTags.filter((t) => t !== '<none>:<none>'), i.id], sizeBytes: i.sizeBytes }));
}

/** The node conditions of a healthy agent (`ready` false reports NotReady with `message`). */
export function nodeConditions(
  nowMs: number,
  ready: { ok: boolean; message?: string },
  previous?: readonly { type: string; status: string; lastTransitionTime?: string }[],
): Record<string, unknown>[] {
  const now = rfc3339(nowMs);
  const cond = (type: string, status: string, reason: string, message: string) => {
    const old = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: old?.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
      reason,
      message,
    };
  };
  return [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready.ok
      ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : cond('Ready', 'False', 'KubeletNotReady', ready.message ?? 'container runtime is down'),
  ];
}

/** Node.status as the agent reports it. */
export function nodeStatus(input: {
  nowMs: number;
  facts: MachineFacts;
  nodeName: string;
  maxPods: number;
  runtime: RuntimeVersion;
  images: readonly Image[];
  ready: { ok: boolean; message?: string };
  previousConditions?: readonly { type: string; status: string; lastTransitionTime?: string }[];
}): Record<string, unknown> {
  const { facts } = input;
  const addresses: { type: string; address: string }[] = [];
  if (facts.internalIP) addresses.push({ type: 'InternalIP', address: facts.internalIP });
  addresses.push({ type: 'Hostname', address: input.nodeName });
  return {
    ...nodeResources(facts, input.maxPods),
    conditions: nodeConditions(input.nowMs, input.ready, input.previousConditions),
    addresses,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: facts.machineID,
      bootID: facts.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: `${input.runtime.runtimeName}://${input.runtime.runtimeVersion}`,
      kubeletVersion: agentVersion,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
    images: nodeImages(input.images),
  };
}
