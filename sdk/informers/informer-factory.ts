import { pino, type Logger } from 'pino';
import type { KubeObject } from '../api/kube-object.js';
import type { KubeClient } from '../client/kube-client.js';
import type { ResourceDescriptor } from '../client/resource-descriptor.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { ReadYourWritesClient, type WriteRecorder } from './read-your-writes-client.js';
import { SharedInformer, type InformerOptions, type InformerSelector, type InformerStatus } from './shared-informer.js';

/** Identifies a descriptor: `group/version/plural`. */
export function resourceId(res: ResourceDescriptor<KubeObject>): string {
  return `${res.group}/${res.version}/${res.plural}`;
}

/** One informer's status with what it watches. */
export interface NamedInformerStatus extends InformerStatus {
  resource: string;
  selector: InformerSelector;
}

/**
 * The pool of shared informers of a process: one informer per (resource, namespace, selectors),
 * shared by every controller that asks for it. It also records the process's own writes into
 * every informer of the written kind (`client` does that for each write it makes).
 */
export class InformerFactory implements WriteRecorder {
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** A client whose writes land in the caches at once (read-your-writes). */
  readonly client: KubeClient;

  constructor(
    /** The client informers list and watch with. */
    readonly baseClient: KubeClient,
    private readonly defaults: Omit<InformerOptions, keyof InformerSelector | 'indexers'> = {},
  ) {
    this.clock = defaults.clock ?? systemClock;
    this.logger = defaults.logger ?? pino({ level: 'silent' });
    this.client = new ReadYourWritesClient(baseClient, this);
  }

  /**
   * The shared informer for a resource and selectors; created on first request and started at
   * once if the factory runs. `options` beyond the selector apply only when it is created.
   */
  informer<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    selector: InformerSelector & Pick<InformerOptions<T>, 'indexers' | 'transform'> = {},
  ): SharedInformer<T> {
    const ns = res.namespaced ? (selector.namespace ?? '') : '';
    const key = `${resourceId(res)}|${ns}|${selector.labelSelector ?? ''}|${selector.fieldSelector ?? ''}`;
    let inf = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!inf) {
      inf = new SharedInformer<T>(this.baseClient, res, {
        ...(this.defaults as InformerOptions<T>),
        clock: this.clock,
        logger: this.logger,
        ...selector,
      });
      this.informers.set(key, inf as unknown as SharedInformer<KubeObject>);
      if (this.started) inf.start();
    } else {
      for (const [name, fn] of Object.entries(selector.indexers ?? {})) inf.addIndexer(name, fn);
    }
    return inf;
  }

  /** The informers of a resource that exist already. */
  informersOf<T extends KubeObject>(res: ResourceDescriptor<T>): SharedInformer<T>[] {
    const id = resourceId(res);
    return [...this.informers.values()].filter((i) => resourceId(i.resource) === id) as unknown as SharedInformer<T>[];
  }

  /** Starts every informer, and those created later. */
  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  /** Stops every informer. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** Resolves when every informer existing now has synced. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
  }

  /** Whether every informer is ready (synced, watching, not lagging). */
  ready(): boolean {
    return [...this.informers.values()].every((i) => i.status().ready);
  }

  /** The status of every informer. */
  status(): NamedInformerStatus[] {
    return [...this.informers.values()].map((i) => ({
      ...i.status(),
      resource: resourceId(i.resource),
      selector: i.selector,
    }));
  }

  recordWrite<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T): void {
    for (const inf of this.informersOf(res)) inf.recordWrite(obj);
  }

  recordDelete<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string, returned?: T): void {
    for (const inf of this.informersOf(res)) inf.recordDelete(name, namespace, returned);
  }
}
