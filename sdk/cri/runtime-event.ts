import type { PodSandboxMetadata } from './pod-sandbox.js';

/** What happened to a container or sandbox (CRI's ContainerEventType). */
export type RuntimeEventType = 'created' | 'started' | 'stopped' | 'deleted';

/**
 * A lifecycle event from the runtime, for the node agent's reconcile loop (Kubernetes' evented
 * PLEG). Only containers managed by this runtime instance are reported.
 */
export interface RuntimeEvent {
  readonly type: RuntimeEventType;
  /** Whether the subject is a pod sandbox or an app container. */
  readonly kind: 'sandbox' | 'container';
  /** The container's or sandbox's ID. */
  readonly id: string;
  /** The sandbox's ID (equal to `id` for a sandbox). */
  readonly podSandboxId: string;
  /** The pod it belongs to, from its labels. */
  readonly pod: PodSandboxMetadata;
  /** Container name (for `kind: 'container'`). */
  readonly containerName?: string;
  /** Exit code with `stopped`, when the runtime reports it. */
  readonly exitCode?: number;
  readonly at: Date;
}
