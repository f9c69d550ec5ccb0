import { Etcd3, type IKeyValue, type IRangeRequest, type IRequestOp, type Watcher } from 'etcd3';
import { EventQueue } from './event-queue.js';
import {
  CompactedError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type WriteResult,
} from './store.js';

const compactedMessage = /required revision has been compacted/;

/**
 * The store on a real etcd (v3 API through etcd3). etcd's own revision is the store revision;
 * writes are single transactions comparing create/mod revisions, so several servers can share
 * one etcd. History below the compacted revision is etcd's own compaction.
 */
export class EtcdStore implements Store {
  private readonly client: Etcd3;
  private readonly prefix: Buffer;
  private readonly prefixEnd: Buffer;
  private knownCompacted = 0;
  private closed = false;
  private readonly watches = new Set<EventQueue<StoreEvent>>();

  /**
   * Connects lazily to `endpoints` (`http://host:2379`); every key is stored under `keyPrefix`
   * (e.g. `/capstan`), which the store's keys never show. Prefixes are joined as bytes, so two
   * stores sharing one etcd need prefixes of which neither begins the other (`/a/` and `/b/`).
   */
  constructor(endpoints: string | readonly string[], keyPrefix = '') {
    this.client = new Etcd3({ hosts: typeof endpoints === 'string' ? endpoints : [...endpoints], dialTimeout: 5000 });
    this.prefix = Buffer.from(keyPrefix, 'utf8');
    this.prefixEnd = bytesPrefixEnd(this.prefix);
  }

  async currentRevision(): Promise<number> {
    const res = await this.client.kv.range({
      key: this.prefix.length ? this.prefix : Buffer.from([0]),
      count_only: true,
    });
    return Number(res.header.revision);
  }

  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    let lo = Math.max(this.knownCompacted, 1);
    if (!(await this.readable(lo))) {
      // The smallest readable revision lies in (lo, current]; current is always readable.
      let hi = current;
      while (lo + 1 < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (await this.readable(mid)) hi = mid;
        else lo = mid;
      }
      lo = hi;
    }
    const compacted = lo === 1 ? this.knownCompacted : lo;
    this.knownCompacted = Math.max(this.knownCompacted, compacted);
    return this.knownCompacted;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    const res = await this.range({ key: this.full(key), revision: revision || undefined }, revision);
    const kv = res.kvs[0];
    return { kv: kv ? this.toKv(kv) : undefined, revision: revision || Number(res.header.revision) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const start = this.full(prefix);
    const end = this.end(start);
    let from = start;
    if (options.after !== undefined) {
      const afterNext = Buffer.concat([this.full(options.after), Buffer.from([0])]);
      if (Buffer.compare(afterNext, from) > 0) from = afterNext;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const res = await this.range(
      { key: from, range_end: end, limit: limit || undefined, revision: options.revision || undefined },
      options.revision,
    );
    const kvs = res.kvs.map((kv) => this.toKv(kv));
    const remaining = Math.max(0, Number(res.count) - kvs.length);
    return {
      kvs,
      revision: options.revision || Number(res.header.revision),
      more: remaining > 0,
      remaining,
    };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    const start = this.full(prefix);
    const res = await this.client.kv.range({ key: start, range_end: this.end(start), count_only: true });
    return { count: Number(res.count), revision: Number(res.header.revision) };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    const k = this.full(key);
    const res = await this.client.kv.txn({
      compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8') } }],
      failure: [rangeOp(k)],
    });
    const revision = Number(res.header.revision);
    if (!res.succeeded) return this.refusal(res.responses[0]!.response_range.kvs[0], revision, 'exists');
    return { ok: true, kv: { key, value, createRevision: revision, modRevision: revision }, revision };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    const k = this.full(key);
    const res = await this.client.kv.txn({
      compare: [
        { key: k, target: 'Version', result: 'Greater', version: 0 },
        { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
      ],
      success: [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
      failure: [rangeOp(k)],
    });
    const revision = Number(res.header.revision);
    if (!res.succeeded) return this.refusal(res.responses[0]!.response_range.kvs[0], revision, 'conflict');
    const prev = res.responses[0]!.response_put.prev_kv;
    return {
      ok: true,
      kv: { key, value, createRevision: Number(prev.create_revision), modRevision: revision },
      revision,
    };
  }

  async delete(key: string, expectedModRevision?: number): Promise<WriteResult> {
    const k = this.full(key);
    const compare: NonNullable<Parameters<Etcd3['kv']['txn']>[0]['compare']> = [
      { key: k, target: 'Version', result: 'Greater', version: 0 },
    ];
    if (expectedModRevision !== undefined)
      compare.push({ key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision });
    const res = await this.client.kv.txn({
      compare,
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [rangeOp(k)],
    });
    const revision = Number(res.header.revision);
    if (!res.succeeded) return this.refusal(res.responses[0]!.response_range.kvs[0], revision, 'conflict');
    return { ok: true, kv: this.toKv(res.responses[0]!.response_delete_range.prev_kvs[0]!), revision };
  }

  async *watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncGenerator<StoreEvent, void, undefined> {
    if (this.closed) throw new Error('store is closed');
    if (signal.aborted) return;
    const queue = new EventQueue<StoreEvent>();
    const start = this.full(prefix);
    let last = fromRevision;
    const watcher: Watcher = this.client
      .watch()
      .inRange({ start, end: this.end(start) })
      .withPreviousKV()
      .startRevision(String(fromRevision + 1))
      .watcher();
    // etcd3 resumes a reconnecting watch from the last header revision, which can skip events
    // still being replayed; resume from the last event actually received instead.
    watcher.on('connecting', () => {
      (watcher.request as { start_revision?: number }).start_revision = last + 1;
    });
    watcher.on('data', (res) => {
      for (const ev of res.events) {
        const revision = Number(ev.kv.mod_revision);
        if (revision <= last) continue;
        last = revision;
        queue.push(this.toEvent(ev.type, ev.kv, ev.prev_kv, revision));
      }
    });
    watcher.on('error', (err: Error) => {
      void this.watchFailure(err, last).then(
        (e) => queue.fail(e),
        () => queue.fail(err),
      );
    });
    const onAbort = () => queue.close();
    signal.addEventListener('abort', onAbort, { once: true });
    this.watches.add(queue);
    try {
      yield* queue.drain();
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.watches.delete(queue);
      // Not awaited: ending the iterator must not wait for etcd to acknowledge the cancellation.
      if (!this.closed) void watcher.cancel().catch(() => undefined);
    }
  }

  async compact(revision: number): Promise<void> {
    if (revision <= this.knownCompacted) return;
    try {
      await this.client.kv.compact({ revision, physical: false });
    } catch (err) {
      if (!(err instanceof Error && compactedMessage.test(err.message))) throw err;
    }
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const q of this.watches) q.close();
    this.watches.clear();
    this.client.close();
  }

  private full(key: string): Buffer {
    return this.prefix.length ? Buffer.concat([this.prefix, Buffer.from(key, 'utf8')]) : Buffer.from(key, 'utf8');
  }

  /** The range end of every key starting with the full key `start` (etcd's `\0` means "to the end"). */
  private end(start: Buffer): Buffer {
    const end = bytesPrefixEnd(start);
    return end.length ? end : this.prefixEnd.length ? this.prefixEnd : Buffer.from([0]);
  }

  private toKv(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.subarray(this.prefix.length).toString('utf8'),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  private toEvent(type: string, kv: IKeyValue, prevKv: IKeyValue | undefined, revision: number): StoreEvent {
    const prev = prevKv && prevKv.key?.length ? this.toKv(prevKv) : undefined;
    if (type === 'Delete') {
      const removed = prev ?? { key: this.toKv(kv).key, value: '', createRevision: 0, modRevision: 0 };
      return { type: 'delete', kv: { ...removed, modRevision: revision }, prev: removed, revision };
    }
    const current = this.toKv(kv);
    if (kv.version === '1' || Number(kv.create_revision) === revision) return { type: 'create', kv: current, revision };
    return { type: 'update', kv: current, prev, revision };
  }

  private refusal(current: IKeyValue | undefined, revision: number, ifPresent: 'exists' | 'conflict'): WriteResult {
    if (!current) return { ok: false, reason: 'not-found', revision };
    return { ok: false, reason: ifPresent, current: this.toKv(current), revision };
  }

  /** Runs a range read, turning etcd's compaction error into CompactedError. */
  private async range(req: IRangeRequest, requested: number | undefined) {
    try {
      return await this.client.kv.range(req);
    } catch (err) {
      if (err instanceof Error && compactedMessage.test(err.message))
        throw new CompactedError(requested ?? 0, await this.compactedRevision());
      throw err;
    }
  }

  /** True when a read at `revision` is still possible. */
  private async readable(revision: number): Promise<boolean> {
    try {
      await this.client.kv.range({
        key: this.prefix.length ? this.prefix : Buffer.from([0]),
        count_only: true,
        revision,
      });
      return true;
    } catch (err) {
      if (err instanceof Error && compactedMessage.test(err.message)) return false;
      throw err;
    }
  }

  /** Maps a watch cancellation to CompactedError when the resume revision was compacted. */
  private async watchFailure(err: Error, last: number): Promise<Error> {
    const compacted = await this.compactedRevision();
    return last + 1 < compacted ? new CompactedError(last, compacted) : err;
  }
}

function rangeOp(key: Buffer): IRequestOp {
  return { request_range: { key } };
}

/** The smallest byte string greater than every string starting with `prefix` (empty: none). */
function bytesPrefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.alloc(0);
}
