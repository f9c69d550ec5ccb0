import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { ConflictError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { rfc3339 } from '../shared/time-format.js';
import {
  defaultTerminatedPodThreshold,
  MissingNodeQuarantine,
  orphanQuarantineMs,
  podIsTerminated,
  podsOnMissingNodes,
  terminatedPodsToDelete,
  terminatingPodsOnOutOfServiceNodes,
  unscheduledTerminatingPods,
} from './pod-gc-decisions.js';

/** Options of the pod garbage collector. */
export interface PodGcOptions {
  /** Finished pods kept before the oldest are deleted (default 12500). */
  readonly terminatedPodThreshold?: number;
  /** How often it runs (default 20 s, podgc's gcCheckPeriod). */
  readonly periodMs?: number;
  /** How long a node must stay missing before its pods are deleted (default 40 s). */
  readonly quarantineMs?: number;
}

/**
 * The pod garbage collector: force-deletes pods bound to nodes that no longer exist, terminating
 * pods never scheduled, terminating pods on out-of-service nodes, and the oldest finished pods over
 * the threshold. Orphaned pods that have not finished are first marked Failed with a DisruptionTarget
 * condition (DeletionByPodGC).
 */
export class PodGcController {
  private readonly logger: Logger;
  private readonly quarantine = new MissingNodeQuarantine();
  private pods!: ResourceWatcher;
  private nodes!: ResourceWatcher;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly options: PodGcOptions = {},
  ) {
    this.logger = deps.logger.child({ component: 'pod-garbage-collector' });
  }

  /** Starts the watches and the periodic pass; returns once the watches have listed. */
  async start(signal: AbortSignal): Promise<void> {
    const common = { clock: this.deps.clock, logger: this.logger };
    this.pods = new ResourceWatcher(this.client, builtin.pods, {}, common);
    this.nodes = new ResourceWatcher(this.client, builtin.nodes, {}, common);
    void this.pods.run(signal);
    void this.nodes.run(signal);
    await Promise.all([this.pods.synced, this.nodes.synced]);
    void (async () => {
      while (!signal.aborted) {
        await this.deps.clock.sleep(this.options.periodMs ?? 20_000, signal).catch(() => undefined);
        if (signal.aborted) return;
        await this.gcOnce().catch((err) => this.logger.warn({ err }, 'pod garbage collection failed'));
      }
    })();
  }

  /** One pass of every collection rule. */
  async gcOnce(): Promise<void> {
    const pods = this.pods.list();
    const nodes = this.nodes.list();
    for (const p of terminatingPodsOnOutOfServiceNodes(pods, nodes)) await this.forceDelete(p);
    for (const p of terminatedPodsToDelete(pods, this.options.terminatedPodThreshold ?? defaultTerminatedPodThreshold))
      await this.forceDelete(p);
    const names = new Set(nodes.map((n) => n.metadata.name!));
    const orphans = podsOnMissingNodes(pods, names);
    const missing = new Set(orphans.map((p) => (p.spec as { nodeName: string }).nodeName));
    const gone = this.quarantine.update(
      missing,
      this.deps.clock.now(),
      this.options.quarantineMs ?? orphanQuarantineMs,
    );
    for (const node of gone) {
      const exists = await this.client.get(builtin.nodes, node).then(
        () => true,
        (err) => (err instanceof NotFoundError ? false : Promise.reject(err)),
      );
      if (exists) continue;
      for (const p of orphans.filter((o) => (o.spec as { nodeName: string }).nodeName === node)) {
        await this.markFailed(p, 'PodGC: node no longer exists');
        await this.forceDelete(p);
      }
    }
    for (const p of unscheduledTerminatingPods(pods)) await this.forceDelete(p);
  }

  private async markFailed(pod: KubeObject, message: string): Promise<void> {
    if (podIsTerminated(pod)) return;
    const status = (pod.status ?? {}) as { phase?: string; conditions?: Array<Record<string, unknown>> };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      lastTransitionTime: rfc3339(this.deps.clock.now()),
      reason: 'DeletionByPodGC',
      message,
    });
    await this.client
      .updateStatus(builtin.pods, { ...pod, status: { ...status, phase: 'Failed', conditions } })
      .catch((err) => this.logger.debug({ err }, 'marking orphaned pod failed did not succeed'));
  }

  private async forceDelete(pod: KubeObject): Promise<void> {
    try {
      await this.client.delete(builtin.pods, pod.metadata.name!, pod.metadata.namespace, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
      this.logger.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'garbage-collected pod');
    } catch (err) {
      if (!(err instanceof NotFoundError) && !(err instanceof ConflictError)) throw err;
    }
  }
}
