import Docker from 'dockerode';
import type { ContainerConfig, PodSandboxConfig } from '../../../sdk/cri/index.js';
import { DockerRuntime, ensureBusyboxImage, type DockerRuntimeOptions } from '../../../plugins/docker-runtime/index.js';
import { suffix } from './host-parts.js';

export const busybox = 'capstan/busybox:latest';

/** A sandbox config for a fresh pod (unique UID). */
export function podConfig(name: string, extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  return { metadata: { name, namespace: 'capstan-test', uid: `uid-${suffix(6)}`, attempt: 0 }, ...extra };
}

/** A busybox container config. */
export function containerConfig(
  name: string,
  command: string[],
  extra: Partial<ContainerConfig> = {},
): ContainerConfig {
  return { metadata: { name, attempt: 0 }, image: busybox, command, ...extra };
}

/** A runtime with a test-only owner, the busybox image present, and removal of all it made. */
export async function testRuntime(
  after: (fn: () => Promise<void>) => void,
  options: Partial<DockerRuntimeOptions> = {},
): Promise<DockerRuntime> {
  const owner = `capstan-test-${suffix()}`;
  const runtime = new DockerRuntime({ owner, ...options });
  await ensureBusyboxImage(runtime);
  after(() => removeOwned(owner));
  return runtime;
}

/** Removes every container carrying the owner label (the test's cleanup net). */
export async function removeOwned(owner: string): Promise<void> {
  const docker = new Docker();
  const list = await docker.listContainers({ all: true, filters: { label: [`io.capstan.owner=${owner}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** Runs a pod with one container and returns both IDs once the container started. */
export async function runPod(
  runtime: DockerRuntime,
  name: string,
  container: ContainerConfig,
  sandboxExtra: Partial<PodSandboxConfig> = {},
): Promise<{ sandboxId: string; containerId: string; sandbox: PodSandboxConfig }> {
  const sandbox = podConfig(name, sandboxExtra);
  const sandboxId = await runtime.runPodSandbox(sandbox);
  const containerId = await runtime.createContainer(sandboxId, container, sandbox);
  await runtime.startContainer(containerId);
  return { sandboxId, containerId, sandbox };
}

/** Waits until a container has exited (the engine's wait call). */
export async function waitExited(runtime: DockerRuntime, id: string): Promise<void> {
  await runtime.docker.getContainer(id).wait();
}

/** Reads a container's logs as text per stream. */
export async function logText(
  runtime: DockerRuntime,
  id: string,
  options: Parameters<DockerRuntime['containerLogs']>[1] = {},
): Promise<{ stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  for await (const c of runtime.containerLogs(id, options)) out[c.stream] += c.data.toString();
  return out;
}

/** Follows a container's stdout until `text` shows up (for readiness, not timing). */
export async function waitForOutput(runtime: DockerRuntime, id: string, text: string): Promise<void> {
  const ac = new AbortController();
  let seen = '';
  try {
    for await (const c of runtime.containerLogs(id, { follow: true }, ac.signal)) {
      seen += c.data.toString();
      if (seen.includes(text)) return;
    }
    throw new Error(`container ended without printing ${JSON.stringify(text)}; output: ${seen}`);
  } finally {
    ac.abort();
  }
}
