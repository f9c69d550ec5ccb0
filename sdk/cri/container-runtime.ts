import type { Duplex } from 'node:stream';
import type { Container, ContainerConfig, ContainerFilter, ContainerStatus } from './container.js';
import type { Image, ImageImportSource } from './image.js';
import type { PodSandbox, PodSandboxConfig, PodSandboxFilter, PodSandboxStatus } from './pod-sandbox.js';
import type { RuntimeEvent } from './runtime-event.js';
import type { ContainerStats } from './stats.js';
import type {
  AttachOptions,
  ExecOptions,
  ExecSyncOptions,
  ExecSyncResult,
  LogChunk,
  LogOptions,
  StreamSession,
} from './streams.js';

/** Name and version of the runtime, for the Node's `nodeInfo.containerRuntimeVersion`. */
export interface RuntimeVersion {
  /** For example `docker`. */
  readonly runtimeName: string;
  /** For example `20.10.24`. */
  readonly runtimeVersion: string;
  /** The API version spoken with the engine. */
  readonly runtimeApiVersion: string;
}

/**
 * The container runtime contract (in the spirit of the Kubernetes CRI): pod sandboxes that hold a
 * pod's namespaces, app containers inside them, their logs and streams, and local images.
 *
 * Every object a runtime instance creates carries labels naming the instance's owner (the node),
 * so a new instance for the same owner lists and manages the containers of an earlier one:
 * listing is how an agent adopts its pods after a restart. IDs are opaque strings.
 *
 * Faults (engine unreachable, invalid config, missing image) are thrown as errors; a missing
 * object is a value (`undefined` from status calls), and removals are idempotent.
 */
export interface ContainerRuntime {
  /** Engine name and version. Throws when the engine does not answer. */
  version(): Promise<RuntimeVersion>;

  /**
   * Creates and starts a sandbox for a pod and sets up its network (through the configured pod
   * network unless the pod uses the node's network). Returns the sandbox ID once it is ready.
   * On any failure it removes what it created and throws. Not idempotent: each call makes a new
   * sandbox (use a new `metadata.attempt` when replacing one).
   */
  runPodSandbox(config: PodSandboxConfig): Promise<string>;

  /**
   * Stops a sandbox: stops every container in it (without grace; stop them first with
   * `stopContainer` for graceful termination), tears down its network and stops the sandbox
   * process. Idempotent; succeeds for an unknown ID.
   */
  stopPodSandbox(podSandboxId: string): Promise<void>;

  /**
   * Removes a sandbox and every container in it, stopping them first if needed, and releases
   * its network. Idempotent; succeeds for an unknown ID.
   */
  removePodSandbox(podSandboxId: string): Promise<void>;

  /** Status of one sandbox, with its IP; undefined when no such sandbox exists. */
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus | undefined>;

  /** The sandboxes of this runtime's owner, oldest first, filtered. */
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  /**
   * Creates (does not start) a container in a sandbox, joined to its network and IPC namespaces
   * (and its PID namespace when the pod shares process namespaces). `sandboxConfig` is the config
   * the sandbox was created with. Throws when the sandbox or the image does not exist.
   */
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;

  /** Starts a created container. Throws when it cannot start (bad command, missing mount source). */
  startContainer(containerId: string): Promise<void>;

  /**
   * Sends the stop signal, waits up to `timeoutSeconds` for the container to exit, then kills it
   * (0 kills at once). Resolves once it has exited. Idempotent; succeeds for a stopped or unknown
   * container.
   */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;

  /** Removes a container, killing it if it still runs. Idempotent; succeeds for an unknown ID. */
  removeContainer(containerId: string): Promise<void>;

  /** The app containers of this runtime's owner, oldest first, filtered. */
  listContainers(filter?: ContainerFilter): Promise<Container[]>;

  /** Status of one container with exit code and reason; undefined when no such container exists. */
  containerStatus(containerId: string): Promise<ContainerStatus | undefined>;

  /**
   * A container's output. Without `follow` the iterable ends after the output so far; with it,
   * when the container stops or `signal` aborts. For `kubectl logs --previous`, pass the ID of the
   * previous attempt's container (the agent keeps it until the next restart). Throws when the
   * container does not exist.
   */
  containerLogs(containerId: string, options?: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk>;

  /**
   * Runs a command in a running container and collects its output and exit code (exec probes,
   * `kubectl exec` without streams). Throws when the container is not running.
   */
  execSync(containerId: string, cmd: readonly string[], options?: ExecSyncOptions): Promise<ExecSyncResult>;

  /** Starts a command in a running container with streams (`kubectl exec -it`). */
  exec(containerId: string, options: ExecOptions): Promise<StreamSession>;

  /** Attaches to the main process's streams (`kubectl attach`). */
  attach(containerId: string, options: AttachOptions): Promise<StreamSession>;

  /**
   * Opens a TCP connection to `port` on the pod's loopback inside the sandbox's network namespace
   * (`kubectl port-forward`). The duplex carries the raw bytes; ending it closes the connection.
   */
  portForward(podSandboxId: string, port: number): Promise<Duplex>;

  /** CPU and memory usage of a running container; undefined when it is not running. */
  containerStats(containerId: string): Promise<ContainerStats | undefined>;

  /** Every local image (not only those this owner created). */
  listImages(): Promise<Image[]>;

  /** The image a reference or ID names; undefined when it is not present. */
  imageStatus(reference: string): Promise<Image | undefined>;

  /** Loads an archive as a local image and returns it. Throws on a malformed archive. */
  importImage(source: ImageImportSource): Promise<Image>;

  /**
   * Pulls an image from its registry and returns it. Throws (`ImagePullError`) when it cannot be
   * pulled, which is how the agent reports ErrImagePull.
   */
  pullImage(reference: string): Promise<Image>;

  /** Removes an image. Idempotent; throws only when it is in use. */
  removeImage(reference: string): Promise<void>;

  /**
   * Lifecycle events of this owner's sandboxes and containers from now on (or replayed from
   * `since`, for resuming after a reconnect), until `signal` aborts (the iterable then ends).
   * Throws from the iterator if the engine's event stream breaks, so that the agent falls back to
   * relisting.
   */
  events(signal: AbortSignal, options?: { readonly since?: Date }): AsyncIterable<RuntimeEvent>;
}

/** Injection token of the node's container runtime. */
export const ContainerRuntime: unique symbol = Symbol.for('capstan.sdk.cri.ContainerRuntime');

/** Thrown by `pullImage` when an image cannot be pulled (the agent shows ErrImagePull). */
export class ImagePullError extends Error {
  constructor(
    readonly reference: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}
