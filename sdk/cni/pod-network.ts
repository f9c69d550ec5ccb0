import type { PodNetworkAttachment, PodNetworkStatus } from './cni-types.js';

/**
 * How a pod sandbox gets its network (CNI spec 1.0 semantics). The runtime calls `setUp` after
 * starting a sandbox and `tearDown` before stopping it; the agent may call `check` periodically.
 * Operations on one container ID are serialised; different containers proceed in parallel.
 */
export interface PodNetwork {
  /**
   * Attaches the sandbox (CNI ADD through every plugin of the network, in order) and persists the
   * result. On failure it runs DEL to release what was allocated, then throws `CniPluginError`.
   * Must not be called twice for one attachment without a `tearDown` in between.
   */
  setUp(attachment: PodNetworkAttachment): Promise<PodNetworkStatus>;

  /**
   * Verifies the attachment (CNI CHECK with the stored result). Resolves when healthy or when the
   * network disables checks; throws `CniPluginError` when something is missing, or an Error when
   * no result is stored for the attachment.
   */
  check(attachment: PodNetworkAttachment): Promise<void>;

  /**
   * Detaches the sandbox (CNI DEL through the plugins in reverse order) and forgets the stored
   * result. Idempotent: succeeds when nothing is attached, and works without a netns (releases IPAM).
   */
  tearDown(attachment: PodNetworkAttachment): Promise<void>;

  /** The stored status of an attachment (survives restarts); undefined when not attached. */
  status(containerId: string, ifName?: string): Promise<PodNetworkStatus | undefined>;
}

/** Injection token of the node's pod network. */
export const PodNetwork: unique symbol = Symbol.for('capstan.sdk.cni.PodNetwork');
