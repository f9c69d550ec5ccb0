import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { GoneError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { objectKey } from './object-key.js';

/** Handlers of a ResourceWatcher; called in event order, never concurrently. */
export interface WatchHandlers<T extends KubeObject> {
  onAdd?(obj: T): void;
  onUpdate?(obj: T, old: T): void;
  onDelete?(obj: T): void;
}

/**
 * A list-then-watch cache of one resource (a small informer for these controllers): it lists,
 * watches from the list's resourceVersion with bookmarks, relists on 410 Gone, and reconnects with
 * backoff after any other failure, delivering the differences of a relist as events.
 */
export class ResourceWatcher<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private resolveSynced!: () => void;
  /** Resolves once the first list has been delivered. */
  readonly synced: Promise<void> = new Promise((r) => (this.resolveSynced = r));

  constructor(
    private readonly client: KubeClient,
    readonly resource: ResourceDescriptor<T>,
    private readonly handlers: WatchHandlers<T>,
    private readonly deps: { clock: Clock; logger: Logger; namespace?: string; labelSelector?: string },
  ) {}

  /** The cached object of a key (`namespace/name` or `name`). */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  /** Cached objects, optionally of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const rv = await this.relist();
        failures = 0;
        await this.watchFrom(rv, signal);
      } catch (err) {
        if (signal.aborted) return;
        if (!(err instanceof GoneError)) {
          failures++;
          this.deps.logger.debug({ err, resource: this.resource.plural }, 'watch failed; retrying');
          const delay = Math.min(100 * 2 ** Math.min(failures, 9), 30_000);
          await this.deps.clock.sleep(delay, signal).catch(() => undefined);
        }
      }
    }
  }

  private async relist(): Promise<string> {
    const seen = new Set<string>();
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.client.list(this.resource, {
        namespace: this.deps.namespace,
        labelSelector: this.deps.labelSelector,
        limit: 500,
        continue: cont,
      });
      rv = page.metadata.resourceVersion ?? rv;
      cont = page.metadata.continue || undefined;
      for (const obj of page.items) {
        const key = objectKey(obj);
        seen.add(key);
        this.upsert(obj);
      }
    } while (cont);
    for (const [key, old] of this.items) {
      if (!seen.has(key)) {
        this.items.delete(key);
        this.handlers.onDelete?.(old);
      }
    }
    this.resolveSynced();
    return rv;
  }

  private async watchFrom(rv: string, signal: AbortSignal): Promise<void> {
    let last = rv;
    for (;;) {
      if (signal.aborted) return;
      const stream = this.client.watch(this.resource, {
        namespace: this.deps.namespace,
        labelSelector: this.deps.labelSelector,
        resourceVersion: last,
        allowWatchBookmarks: true,
        timeoutSeconds: 300 + Math.floor(Math.random() * 300),
        signal,
      });
      for await (const ev of stream) {
        last = ev.object.metadata.resourceVersion ?? last;
        if (ev.type === 'BOOKMARK') continue;
        if (ev.type === 'DELETED') {
          const key = objectKey(ev.object);
          this.items.delete(key);
          this.handlers.onDelete?.(ev.object);
        } else this.upsert(ev.object);
      }
    }
  }

  private upsert(obj: T): void {
    const key = objectKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    if (!old) this.handlers.onAdd?.(obj);
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.handlers.onUpdate?.(obj, old);
  }
}
