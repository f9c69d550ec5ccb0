/** Identity of a pod sandbox: the pod it belongs to and which attempt this sandbox is. */
export interface PodSandboxMetadata {
  /** Pod name (`metadata.name`). */
  readonly name: string;
  /** Pod namespace. */
  readonly namespace: string;
  /** Pod UID; with `attempt` it identifies the sandbox across agent restarts. */
  readonly uid: string;
  /** 0 for the first sandbox of a pod, incremented each time the agent recreates it. */
  readonly attempt: number;
}

/** Whose namespace a pod uses: its own (`POD`), per container (`CONTAINER`) or the node's (`NODE`). */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE';

/** Namespace sharing of a pod, as Kubernetes sets it from hostNetwork/hostPID/hostIPC/shareProcessNamespace. */
export interface NamespaceOptions {
  /** `NODE` for `hostNetwork: true`; default `POD` (own network namespace set up through CNI). */
  readonly network?: 'POD' | 'NODE';
  /** `POD` for `shareProcessNamespace: true`, `NODE` for `hostPID`; default `CONTAINER`. */
  readonly pid?: NamespaceMode;
  /** `NODE` for `hostIPC`; default `POD` (every container shares the sandbox's IPC namespace). */
  readonly ipc?: 'POD' | 'NODE';
}

/** DNS settings written into the pod's resolv.conf. */
export interface DnsConfig {
  readonly servers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly string[];
}

/** A hostPort mapping of the pod (handed to CNI as the `portMappings` capability). */
export interface PortMapping {
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
}

/** Everything needed to create a pod sandbox; also passed again to `createContainer`. */
export interface PodSandboxConfig {
  readonly metadata: PodSandboxMetadata;
  /** Hostname of the pod (every container shares it); default the pod name. */
  readonly hostname?: string;
  readonly dnsConfig?: DnsConfig;
  readonly portMappings?: readonly PortMapping[];
  /** Labels to keep on the sandbox (returned by list/status; filterable). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations to keep on the sandbox (returned by status). */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly linux?: {
    /** Cgroup parent for the pod (for example a QoS-class slice); runtime default when absent. */
    readonly cgroupParent?: string;
    readonly namespaceOptions?: NamespaceOptions;
    /** Namespaced sysctls of the pod (`securityContext.sysctls`). */
    readonly sysctls?: Readonly<Record<string, string>>;
  };
}

/** `SANDBOX_READY` while the sandbox runs and its network is set up, otherwise `SANDBOX_NOTREADY`. */
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

/** A sandbox as `listPodSandbox` reports it. */
export interface PodSandbox {
  readonly id: string;
  readonly metadata: PodSandboxMetadata;
  readonly state: PodSandboxState;
  readonly createdAt: Date;
  /** The labels given at creation (runtime-internal labels removed). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The network of a sandbox, as its CNI result says. */
export interface PodSandboxNetworkStatus {
  /** Primary pod IP (first IPv4 if any, else the first IP); undefined with host network or before setup. */
  readonly ip?: string;
  /** Further pod IPs (dual stack). */
  readonly additionalIps: readonly string[];
}

/** Detailed status of one sandbox. */
export interface PodSandboxStatus extends PodSandbox {
  readonly network: PodSandboxNetworkStatus;
  readonly namespaceOptions: Required<NamespaceOptions>;
  /** Process ID of the sandbox's init process on the host while it runs (its netns is `/proc/PID/ns/net`). */
  readonly pid?: number;
}

/** Filter for `listPodSandbox`; every field given must match. */
export interface PodSandboxFilter {
  readonly id?: string;
  readonly state?: PodSandboxState;
  /** Labels the sandbox must carry (given at creation). */
  readonly labelSelector?: Readonly<Record<string, string>>;
}
