import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { apiVersionOfDescriptor, type ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { replaceMetadataList } from '../shared/metadata-patch.js';
import { descriptorId, discoverResources, groupOfApiVersion, hasVerbs } from '../shared/resource-discovery.js';
import { ResourceWatcher } from '../shared/resource-watcher.js';
import { WorkQueue } from '../shared/work-queue.js';
import {
  classifyReferences,
  decideForDependent,
  unblockReferences,
  withoutReferences,
  type OwnerLookup,
} from './gc-decisions.js';
import {
  foregroundDeletionFinalizer,
  orphanFinalizer,
  OwnerGraph,
  type GraphNode,
  type GraphWork,
  type ObjectIdentity,
} from './owner-graph.js';

/** Options of the garbage collector. */
export interface GarbageCollectorOptions {
  /** How often discovery is re-read to watch new resources such as CRDs (default 30 s). */
  readonly discoveryIntervalMs?: number;
  /** Workers of the deletion queue (default 20, as kube-controller-manager's concurrent-gc-syncs). */
  readonly workers?: number;
}

/** Resources the garbage collector never watches (as kube-controller-manager ignores events). */
const ignored = new Set(['events', 'events.events.k8s.io']);

class NamespacedOwnerOfClusterScopedObject extends Error {}

/**
 * The garbage collector: watches every deletable resource, keeps the ownerReferences graph, deletes
 * dependents whose owners are all gone, processes the `foregroundDeletion` finalizer (an owner
 * goes after its blocking dependents) and the `orphan` finalizer (dependents lose their reference
 * first).
 */
export class GarbageCollectorController {
  private readonly graph = new OwnerGraph();
  private readonly watchers = new Map<string, ResourceWatcher>();
  private readonly byGroupKind = new Map<string, ResourceDescriptor<KubeObject>>();
  private readonly absentOwners = new Map<string, true>();
  private readonly deleteQueue: WorkQueue;
  private readonly orphanQueue: WorkQueue;
  private readonly logger: Logger;
  private signal?: AbortSignal;

  constructor(
    private readonly client: KubeClient,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly options: GarbageCollectorOptions = {},
  ) {
    this.logger = deps.logger.child({ component: 'garbage-collector' });
    const onError = (key: string, err: unknown) =>
      this.logger.debug({ err, uid: key }, 'garbage collection failed; retrying');
    this.deleteQueue = new WorkQueue({
      clock: deps.clock,
      concurrency: options.workers ?? 20,
      process: (uid) => this.attemptToDelete(uid),
      onError,
    });
    this.orphanQueue = new WorkQueue({
      clock: deps.clock,
      concurrency: 4,
      process: (uid) => this.attemptToOrphan(uid),
      onError,
    });
  }

  /** The dependency graph (for inspection). */
  get ownerGraph(): OwnerGraph {
    return this.graph;
  }

  /** Discovers resources, starts watching them, and processes the queues once every watch has listed. */
  async start(outer: AbortSignal): Promise<void> {
    const ac = new AbortController();
    setMaxListeners(0, ac.signal);
    outer.addEventListener('abort', () => ac.abort(), { once: true });
    const signal = (this.signal = ac.signal);
    signal.addEventListener('abort', () => {
      this.deleteQueue.stop();
      this.orphanQueue.stop();
    });
    await this.syncResources();
    await Promise.all([...this.watchers.values()].map((w) => w.synced));
    void this.rediscoverLoop(signal);
  }

  private async rediscoverLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.deps.clock.sleep(this.options.discoveryIntervalMs ?? 30_000, signal);
        await this.syncResources();
      } catch (err) {
        if (!signal.aborted) this.logger.warn({ err }, 'resource discovery failed');
      }
    }
  }

  private async syncResources(): Promise<void> {
    const { resources } = await discoverResources(this.client);
    for (const r of resources) {
      const d = r.descriptor;
      this.byGroupKind.set(`${d.group}/${d.kind}`, d);
      const id = descriptorId(d);
      if (ignored.has(id) || !hasVerbs(r, 'list', 'watch', 'delete') || this.watchers.has(id)) continue;
      const apiVersion = apiVersionOfDescriptor(d);
      const watcher = new ResourceWatcher(
        this.client,
        d,
        {
          onAdd: (obj) => this.apply(this.graph.observe(obj, apiVersion, d.kind)),
          onUpdate: (obj, old) => this.apply(this.graph.observe(obj, apiVersion, d.kind, old)),
          onDelete: (obj) =>
            this.apply(
              this.graph.observeDeleted(
                {
                  apiVersion,
                  kind: d.kind,
                  name: obj.metadata.name ?? '',
                  namespace: obj.metadata.namespace ?? '',
                  uid: obj.metadata.uid ?? '',
                },
                false,
              ),
            ),
        },
        { clock: this.deps.clock, logger: this.logger },
      );
      this.watchers.set(id, watcher);
      void watcher.run(this.signal!);
    }
  }

  private apply(work: GraphWork): void {
    for (const id of work.absent) this.markAbsent(id);
    for (const n of work.attemptToDelete) this.deleteQueue.add(n.identity.uid);
    for (const n of work.attemptToOrphan) this.orphanQueue.add(n.identity.uid);
  }

  private markAbsent(id: ObjectIdentity): void {
    this.absentOwners.set(`${id.uid}|${id.namespace}`, true);
    if (this.absentOwners.size > 1000) this.absentOwners.delete(this.absentOwners.keys().next().value as string);
  }

  private descriptorFor(apiVersion: string, kind: string): ResourceDescriptor<KubeObject> {
    const d = this.byGroupKind.get(`${groupOfApiVersion(apiVersion)}/${kind}`);
    if (!d) {
      // A kind added since the last discovery (a new CRD): re-read discovery now rather than at
      // the next interval; the caller's retry then finds it.
      this.rediscoverSoon();
      throw new Error(`unable to get REST mapping for ${apiVersion}/${kind}`);
    }
    return d;
  }

  private rediscovering?: Promise<void>;
  private lastRediscovery = 0;

  /** Re-reads discovery at most once a second, for kinds the graph meets before discovery lists them. */
  private rediscoverSoon(): void {
    const now = this.deps.clock.now();
    if (this.rediscovering || now - this.lastRediscovery < 1000 || this.signal?.aborted) return;
    this.lastRediscovery = now;
    this.rediscovering = this.syncResources()
      .catch((err) => this.logger.debug({ err }, 'resource discovery failed'))
      .finally(() => (this.rediscovering = undefined));
  }

  /** The latest version of a node's object, or undefined when it is gone or has another uid. */
  private async latest(id: ObjectIdentity): Promise<{ res: ResourceDescriptor<KubeObject>; obj?: KubeObject }> {
    const res = this.descriptorFor(id.apiVersion, id.kind);
    try {
      const obj = await this.client.get(res, id.name, res.namespaced ? id.namespace : undefined);
      return { res, obj: obj.metadata.uid === id.uid ? obj : undefined };
    } catch (err) {
      if (err instanceof NotFoundError) return { res };
      throw err;
    }
  }

  private async lookupOwner(
    dependent: ObjectIdentity,
    ref: { apiVersion: string; kind: string; name: string; uid: string },
  ): Promise<OwnerLookup> {
    const res = this.descriptorFor(ref.apiVersion, ref.kind);
    const ns = res.namespaced ? dependent.namespace : '';
    if (this.absentOwners.has(`${ref.uid}|${ns}`)) return { state: 'absent' };
    if (res.namespaced && dependent.namespace === '') throw new NamespacedOwnerOfClusterScopedObject();
    try {
      const owner = await this.client.get(res, ref.name, res.namespaced ? ns : undefined);
      if (owner.metadata.uid !== ref.uid) {
        this.absentOwners.set(`${ref.uid}|${ns}`, true);
        return { state: 'absent' };
      }
      return { state: 'present', owner };
    } catch (err) {
      if (err instanceof NotFoundError) {
        this.absentOwners.set(`${ref.uid}|${ns}`, true);
        return { state: 'absent' };
      }
      throw err;
    }
  }

  private async attemptToDelete(uid: string): Promise<{ requeueAfterMs?: number } | void> {
    const node = this.graph.get(uid);
    if (!node) return;
    if (node.beingDeleted && !node.deletingDependents) return;
    const { res, obj: latest } = await this.latest(node.identity);
    if (!latest) {
      this.apply(this.graph.observeDeleted(node.identity, true));
      return;
    }
    if (node.deletingDependents) return this.processDeletingDependents(node, res, latest);
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return node.virtual ? { requeueAfterMs: 1000 } : undefined;
    let lookups: OwnerLookup[];
    try {
      lookups = [];
      for (const ref of refs) lookups.push(await this.lookupOwner(node.identity, ref));
    } catch (err) {
      if (err instanceof NamespacedOwnerOfClusterScopedObject) return;
      throw err;
    }
    const action = decideForDependent(latest, classifyReferences(refs, lookups), {
      count: node.dependents.size,
      anyDeletingDependents: [...node.dependents].some((d) => d.deletingDependents),
    });
    if (action.type === 'remove-references') {
      await replaceMetadataList(this.client, res, latest, 'ownerReferences', withoutReferences(refs, action.uids));
    } else if (action.type === 'delete') {
      let current = latest;
      if (action.unblockUids.length > 0) {
        current = await replaceMetadataList(
          this.client,
          res,
          latest,
          'ownerReferences',
          unblockReferences(refs, action.unblockUids),
        );
      }
      this.logger.debug({ object: node.identity, policy: action.policy }, 'deleting object');
      try {
        await this.client.delete(res, current.metadata.name!, current.metadata.namespace, {
          propagationPolicy: action.policy,
          preconditions: { uid: current.metadata.uid },
        });
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    return node.virtual ? { requeueAfterMs: 1000 } : undefined;
  }

  /** An owner deleting in the foreground: drop its finalizer once no blocking dependent remains. */
  private async processDeletingDependents(
    node: GraphNode,
    res: ResourceDescriptor<KubeObject>,
    latest: KubeObject,
  ): Promise<void> {
    const blocking = this.graph.blockingDependents(node);
    if (blocking.length === 0) {
      const finalizers = latest.metadata.finalizers ?? [];
      if (!finalizers.includes(foregroundDeletionFinalizer)) return;
      await replaceMetadataList(
        this.client,
        res,
        latest,
        'finalizers',
        finalizers.filter((f) => f !== foregroundDeletionFinalizer),
      );
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.deleteQueue.add(dep.identity.uid);
  }

  /** An owner deleting with the orphan finalizer: drop every dependent's reference, then the finalizer. */
  private async attemptToOrphan(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node) return;
    for (const dep of [...node.dependents]) {
      const { res, obj } = await this.latest(dep.identity);
      if (!obj) continue;
      const refs = obj.metadata.ownerReferences ?? [];
      if (!refs.some((r) => r.uid === uid)) continue;
      await replaceMetadataList(this.client, res, obj, 'ownerReferences', withoutReferences(refs, [uid]));
    }
    const { res, obj } = await this.latest(node.identity);
    if (!obj) return;
    const finalizers = obj.metadata.finalizers ?? [];
    if (!finalizers.includes(orphanFinalizer)) return;
    await replaceMetadataList(
      this.client,
      res,
      obj,
      'finalizers',
      finalizers.filter((f) => f !== orphanFinalizer),
    );
  }
}
