import type { Duplex } from 'node:stream';
import type { KubeObject } from '../api/kube-object.js';
import type { StreamSession, TerminalSize } from '../cri/streams.js';

/** Options of a `pods/log` request, as its query parameters say. */
export interface PodLogOptions {
  /** The container (already defaulted and checked against the pod spec by the API server). */
  readonly container: string;
  /** Keep streaming until the container stops or the signal aborts. */
  readonly follow?: boolean;
  /** The previous, terminated instance of the container. */
  readonly previous?: boolean;
  /** Only the last N lines. */
  readonly tailLines?: number;
  /** Only output written at or after this instant (`sinceSeconds`, `sinceTime`). */
  readonly since?: Date;
  /** Prefix each line with its RFC 3339 timestamp. */
  readonly timestamps?: boolean;
  /** Stop after this many bytes. */
  readonly limitBytes?: number;
}

/** Options of a `pods/exec` request. */
export interface PodExecOptions {
  readonly container: string;
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** Options of a `pods/attach` request. */
export interface PodAttachOptions {
  readonly container: string;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** Thrown by a provider when the request cannot be served; `code` is the HTTP status to answer. */
export class PodStreamError extends Error {
  constructor(
    /** 400 (bad request, e.g. container not running), 404 (no such container) or 500. */
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'PodStreamError';
  }
}

/**
 * What a node agent offers the API server for the pods of its node: the streams behind `pods/log`,
 * `pods/exec`, `pods/attach` and `pods/portforward` (what a kubelet serves on its port 10250).
 * A node agent binds this token; the API server picks the provider whose `servesNode` is true
 * for the pod's `spec.nodeName`. The pod passed in is the stored object, already checked to exist.
 *
 * Methods throw `PodStreamError` for expected failures (container not found or not running) and
 * plain errors for faults.
 */
export interface PodStreamProvider {
  /** Whether this provider runs the pods of `nodeName` now (false before it started or after it stopped). */
  servesNode(nodeName: string): boolean;
  /** The container's output as bytes; ends at the end of the output, or (follow) when the container stops or `signal` aborts. */
  logs(pod: KubeObject, options: PodLogOptions, signal: AbortSignal): Promise<AsyncIterable<Buffer>>;
  /** Starts a command in a running container with the streams asked for. */
  exec(pod: KubeObject, options: PodExecOptions): Promise<StreamSession>;
  /** Attaches to a running container's main process. */
  attach(pod: KubeObject, options: PodAttachOptions): Promise<StreamSession>;
  /** A TCP connection to `port` inside the pod's network namespace; ending it closes the connection. */
  portForward(pod: KubeObject, port: number): Promise<Duplex>;
}

/** Injection token of the pod stream providers (one per node agent in the process). */
export const PodStreamProvider: unique symbol = Symbol.for('capstan.sdk.node.PodStreamProvider');

export type { StreamSession, TerminalSize };
