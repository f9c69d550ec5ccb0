import type { KubeObject } from '../api/kube-object.js';
import type {
  DeleteOptions,
  KubeClient,
  ListOptions,
  ObjectList,
  PatchType,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from '../client/kube-client.js';
import type { ResourceDescriptor } from '../client/resource-descriptor.js';

/** Takes the results of writes into caches. */
export interface WriteRecorder {
  /** Called with the object a write returned; must ignore results older than what it holds. */
  recordWrite<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T): void;
  /** Called after a delete, with what the server returned (the object while finalizers are pending). */
  recordDelete<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string, returned?: T): void;
}

/**
 * A KubeClient that hands the result of every successful write (create, update, patch, apply,
 * delete; not dry runs) to a WriteRecorder, so informer caches reflect the write before its watch
 * event arrives. Reads go to the inner client.
 */
export class ReadYourWritesClient implements KubeClient {
  constructor(
    readonly inner: KubeClient,
    private readonly recorder: WriteRecorder,
  ) {}

  get<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string): Promise<T> {
    return this.inner.get(res, name, namespace);
  }

  list<T extends KubeObject>(res: ResourceDescriptor<T>, options?: ListOptions): Promise<ObjectList<T>> {
    return this.inner.list(res, options);
  }

  async create<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T> {
    return this.record(res, await this.inner.create(res, obj, options), options?.dryRun);
  }

  async update<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T> {
    return this.record(res, await this.inner.update(res, obj, options), options?.dryRun);
  }

  async updateStatus<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options?: WriteOptions): Promise<T> {
    return this.record(res, await this.inner.updateStatus(res, obj, options), options?.dryRun);
  }

  async patch<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    patch: unknown,
    type: PatchType,
    options?: WriteOptions & { namespace?: string; subresource?: string; force?: boolean },
  ): Promise<T> {
    const out = await this.inner.patch(res, name, patch, type, options);
    // The scale subresource answers with a Scale, not the object.
    return options?.subresource && options.subresource !== 'status' ? out : this.record(res, out, options?.dryRun);
  }

  async apply<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    obj: T,
    options: WriteOptions & { fieldManager: string; force?: boolean; subresource?: string },
  ): Promise<T> {
    const out = await this.inner.apply(res, obj, options);
    return options.subresource && options.subresource !== 'status' ? out : this.record(res, out, options.dryRun);
  }

  async delete<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    namespace?: string,
    options?: DeleteOptions,
  ): Promise<T | undefined> {
    const out = await this.inner.delete(res, name, namespace, options);
    if (!options?.dryRun) this.recorder.recordDelete(res, name, namespace, out);
    return out;
  }

  watch<T extends KubeObject>(res: ResourceDescriptor<T>, options?: WatchOptions): AsyncIterable<WatchEvent<T>> {
    return this.inner.watch(res, options);
  }

  request<R = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<R> {
    return this.inner.request<R>(method, path, body, headers);
  }

  private record<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, dryRun?: boolean): T {
    if (!dryRun && obj?.metadata) this.recorder.recordWrite(res, obj);
    return obj;
  }
}
