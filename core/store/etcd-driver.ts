import { Etcd3, type IKeyValue, type IWatchResponse } from 'etcd3';
import {
  CompactedError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type WriteResult,
} from './store.js';

const enc = (s: string) => Buffer.from(s);

/**
 * The store on a real etcd (v3 API through the etcd3 client): etcd's revision is the store
 * revision, writes are single transactions comparing mod revisions, watches are etcd watches.
 * All keys live under `keyPrefix`, so several clusters can share one etcd.
 */
export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private compactRev = 0;

  constructor(
    endpoints: string[],
    private readonly keyPrefix = '',
  ) {
    this.client = new Etcd3({ hosts: endpoints });
  }

  async currentRevision(): Promise<number> {
    const r = await this.client.kv.range({ key: enc(this.keyPrefix + '\0'), limit: 1 });
    return Number(r.header.revision);
  }

  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    const r = await this.range({ key: enc(this.keyPrefix + key), revision: revision || undefined }, revision);
    const kv = r.kvs[0];
    return { kv: kv ? this.toKv(kv) : undefined, revision: revision || Number(r.header.revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const start = options.after !== undefined && options.after >= prefix ? options.after + '\0' : prefix;
    const end = rangeEnd(this.keyPrefix + prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const r = await this.range(
      {
        key: enc(this.keyPrefix + start),
        range_end: end,
        revision: options.revision || undefined,
        limit: limit ? limit + 1 : 0,
      },
      options.revision,
    );
    const revision = Number(r.header.revision);
    const kvs = r.kvs.map((kv) => this.toKv(kv));
    const more = limit > 0 && kvs.length > limit;
    const page = more ? kvs.slice(0, limit) : kvs;
    let remaining = 0;
    if (more) {
      const last = page[page.length - 1]!.key;
      const c = await this.client.kv.range({
        key: enc(this.keyPrefix + last + '\0'),
        range_end: end,
        revision: options.revision || revision,
        count_only: true,
      });
      remaining = Number(c.count);
    }
    return { kvs: page, revision: options.revision || revision, more, remaining };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    const r = await this.client.kv.range({
      key: enc(this.keyPrefix + prefix),
      range_end: rangeEnd(this.keyPrefix + prefix),
      count_only: true,
    });
    return { count: Number(r.count), revision: Number(r.header.revision) };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    const k = enc(this.keyPrefix + key);
    const r = await this.client.kv.txn({
      compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: k, value: enc(value) } }],
      failure: [{ request_range: { key: k } }],
    });
    const revision = Number(r.header.revision);
    if (!r.succeeded) {
      const cur = r.responses[0]?.response_range.kvs[0];
      return { ok: false, reason: 'exists', current: cur && this.toKv(cur), revision };
    }
    return { ok: true, kv: { key, value, createRevision: revision, modRevision: revision }, revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    const k = enc(this.keyPrefix + key);
    const r = await this.client.kv.txn({
      compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision }],
      success: [{ request_put: { key: k, value: enc(value), prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    const revision = Number(r.header.revision);
    if (!r.succeeded) {
      const cur = r.responses[0]?.response_range.kvs[0];
      return cur
        ? { ok: false, reason: 'conflict', current: this.toKv(cur), revision }
        : { ok: false, reason: 'not-found', revision };
    }
    const prev = r.responses[0]?.response_put.prev_kv;
    const createRevision = prev ? Number(prev.create_revision) : revision;
    return { ok: true, kv: { key, value, createRevision, modRevision: revision }, revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<WriteResult> {
    const k = enc(this.keyPrefix + key);
    const compare =
      expectedModRevision !== undefined
        ? [{ key: k, target: 'Mod' as const, result: 'Equal' as const, mod_revision: expectedModRevision }]
        : [{ key: k, target: 'Create' as const, result: 'Greater' as const, create_revision: 0 }];
    const r = await this.client.kv.txn({
      compare,
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    const revision = Number(r.header.revision);
    if (!r.succeeded) {
      const cur = r.responses[0]?.response_range.kvs[0];
      return cur
        ? { ok: false, reason: 'conflict', current: this.toKv(cur), revision }
        : { ok: false, reason: 'not-found', revision };
    }
    const prev = r.responses[0]?.response_delete_range.prev_kvs[0];
    if (!prev) return { ok: false, reason: 'not-found', revision };
    return { ok: true, kv: { ...this.toKv(prev), modRevision: revision }, revision };
  }

  watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent> {
    const store = this;
    return {
      async *[Symbol.asyncIterator]() {
        if (signal.aborted) return;
        // etcd cancels a watch on a compacted revision asynchronously; check first so the caller
        // gets the typed error at once (a range at the start revision fails the same way).
        await store.range({ key: enc(store.keyPrefix + prefix), limit: 1, revision: fromRevision + 1 }, fromRevision);
        const queue: StoreEvent[] = [];
        let wake: (() => void) | undefined;
        let failure: Error | undefined;
        let ended = false;
        const watcher = await store.client
          .watch()
          .prefix(store.keyPrefix + prefix)
          .withPreviousKV()
          .startRevision(String(fromRevision + 1))
          .create();
        watcher.on('data', (res: IWatchResponse) => {
          if (res.compact_revision && Number(res.compact_revision) > 0 && res.canceled) {
            failure = new CompactedError(fromRevision, Number(res.compact_revision));
          }
          for (const e of res.events ?? []) queue.push(store.toEvent(e.type, e.kv, e.prev_kv));
          wake?.();
        });
        watcher.on('error', (err: Error) => {
          failure = /compact/i.test(err.message) ? new CompactedError(fromRevision, store.compactRev) : err;
          wake?.();
        });
        watcher.on('end', () => {
          ended = true;
          wake?.();
        });
        const onAbort = () => wake?.();
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          for (;;) {
            if (queue.length > 0) {
              yield queue.shift()!;
              continue;
            }
            if (failure) throw failure;
            if (signal.aborted || ended) return;
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
        } finally {
          signal.removeEventListener('abort', onAbort);
          await watcher.cancel().catch(() => undefined);
        }
      },
    };
  }

  async compact(revision: number): Promise<void> {
    if (revision <= this.compactRev) return;
    try {
      await this.client.kv.compact({ revision, physical: true });
    } catch (e) {
      if (!/compacted/i.test((e as Error).message)) throw e;
    }
    this.compactRev = revision;
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async range(req: Parameters<Etcd3['kv']['range']>[0], revision?: number) {
    try {
      return await this.client.kv.range(req);
    } catch (e) {
      if (/compacted/i.test((e as Error).message)) throw new CompactedError(revision ?? 0, this.compactRev);
      if (/future revision/i.test((e as Error).message)) return this.client.kv.range({ ...req, revision: undefined });
      throw e;
    }
  }

  private toKv(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString().slice(this.keyPrefix.length),
      value: kv.value.toString(),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  private toEvent(type: string, kv: IKeyValue, prev?: IKeyValue): StoreEvent {
    const revision = Number(kv.mod_revision);
    if (type === 'Delete') {
      const before = prev
        ? this.toKv(prev)
        : { key: kv.key.toString().slice(this.keyPrefix.length), value: '', createRevision: 0, modRevision: 0 };
      return { type: 'delete', kv: { ...before, modRevision: revision }, prev: prev ? before : undefined, revision };
    }
    const created = Number(kv.create_revision) === revision;
    return {
      type: created ? 'create' : 'update',
      kv: this.toKv(kv),
      prev: prev ? this.toKv(prev) : undefined,
      revision,
    };
  }
}

/** The etcd range end that covers every key starting with `prefix`. */
function rangeEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]! += 1;
      return end;
    }
  }
  return Buffer.from([0]);
}
