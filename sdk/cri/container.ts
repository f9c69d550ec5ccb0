/** Identity of a container inside its pod: the container name and the restart attempt. */
export interface ContainerMetadata {
  /** Container name from the pod spec. */
  readonly name: string;
  /** 0 for the first container, incremented on each restart (Kubernetes' restartCount). */
  readonly attempt: number;
}

/** A host path mounted into the container (volumes are prepared on the host by the agent). */
export interface Mount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly?: boolean;
  /** Mount propagation; default private. */
  readonly propagation?: 'private' | 'rslave' | 'rshared';
}

/**
 * Linux resources of a container in the runtime's units (what kubelet computes from
 * requests and limits; see `linuxContainerResources`). A 0 or absent field means "no setting".
 */
export interface LinuxContainerResources {
  /** CFS period in microseconds (100000 when a CPU limit is set). */
  readonly cpuPeriod?: number;
  /** CFS quota in microseconds per period; 0 or absent means unlimited. */
  readonly cpuQuota?: number;
  /** Relative CPU weight (cgroup v1 cpu.shares), 2 to 262144. */
  readonly cpuShares?: number;
  /** Memory limit in bytes; the runtime disables swap above it. */
  readonly memoryLimitInBytes?: number;
  /** OOM score adjustment from the pod's QoS class. */
  readonly oomScoreAdj?: number;
}

/** Security settings of a container. */
export interface LinuxContainerSecurityContext {
  readonly privileged?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly readonlyRootfs?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

/** Everything needed to create a container inside a sandbox. */
export interface ContainerConfig {
  readonly metadata: ContainerMetadata;
  /** Image reference (as in the pod spec) or image ID. The image must be present. */
  readonly image: string;
  /** Replaces the image's entrypoint (Kubernetes `command`). */
  readonly command?: readonly string[];
  /** Replaces the image's cmd (Kubernetes `args`). */
  readonly args?: readonly string[];
  readonly workingDir?: string;
  /** Environment, already resolved by the agent (fieldRef, configMapKeyRef, ... expanded). */
  readonly envs?: readonly { readonly key: string; readonly value: string }[];
  readonly mounts?: readonly Mount[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Keep stdin open so that `attach` can write to it. */
  readonly stdin?: boolean;
  /** Close stdin after the first attach session ends. */
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
  /** Signal sent first by `stopContainer` (default SIGTERM or the image's STOPSIGNAL). */
  readonly stopSignal?: string;
  readonly linux?: {
    readonly resources?: LinuxContainerResources;
    readonly securityContext?: LinuxContainerSecurityContext;
  };
}

/** Lifecycle state of a container. */
export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

/** A container as `listContainers` reports it. */
export interface Container {
  readonly id: string;
  readonly podSandboxId: string;
  readonly metadata: ContainerMetadata;
  /** The image reference it was created from. */
  readonly image: string;
  /** The resolved image ID (`sha256:...`). */
  readonly imageRef: string;
  readonly state: ContainerState;
  readonly createdAt: Date;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Detailed status of one container. */
export interface ContainerStatus extends Container {
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
  /** Exit code once exited (137 after SIGKILL, including an OOM kill). */
  readonly exitCode?: number;
  /**
   * Why it exited, with Kubernetes' reasons: `OOMKilled`, `Completed` (exit code 0) or
   * `Error`; `ContainerCannotRun` when it failed to start.
   */
  readonly reason?: string;
  /** Runtime message for a failed start. */
  readonly message?: string;
  readonly mounts: readonly Mount[];
  /** Host process ID while running. */
  readonly pid?: number;
}

/** Filter for `listContainers`; every field given must match. */
export interface ContainerFilter {
  readonly id?: string;
  readonly podSandboxId?: string;
  readonly state?: ContainerState;
  readonly labelSelector?: Readonly<Record<string, string>>;
}
