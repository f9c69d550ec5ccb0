import {
  CompactedError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreEvent,
  type WriteResult,
} from './store.js';
import { WatchHub } from './watch-hub.js';

/** One version of a key: its value at a revision, or a tombstone. */
interface Version {
  revision: number;
  kv?: KeyValue;
}

/** The in-memory store for tests and `memory://`: the same contract, nothing durable. */
export class MemoryStore implements Store {
  private rev = 0;
  private compactRev = 0;
  private readonly versions = new Map<string, Version[]>();
  private sortedKeys: string[] | undefined = [];
  private log: StoreEvent[] = [];
  private readonly hub = new WatchHub();

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    const at = this.readRevision(revision);
    return { kv: this.at(key, at), revision: at };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const at = this.readRevision(options.revision);
    const keys = this.keys();
    let i = lowerBound(keys, options.after !== undefined && options.after >= prefix ? options.after + '\0' : prefix);
    const kvs: KeyValue[] = [];
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    let more = false;
    let remaining = 0;
    for (; i < keys.length && keys[i]!.startsWith(prefix); i++) {
      const kv = this.at(keys[i]!, at);
      if (!kv) continue;
      if (kvs.length < limit) kvs.push(kv);
      else {
        more = true;
        remaining++;
      }
    }
    return { kvs, revision: at, more, remaining };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    return { count: (await this.list(prefix)).kvs.length, revision: this.rev };
  }

  async create(key: string, value: string): Promise<WriteResult> {
    const live = this.at(key, this.rev);
    if (live) return { ok: false, reason: 'exists', current: live, revision: this.rev };
    const rev = ++this.rev;
    const kv: KeyValue = { key, value, createRevision: rev, modRevision: rev };
    this.record(key, { revision: rev, kv }, { type: 'create', kv, revision: rev });
    return { ok: true, kv, revision: rev };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    const live = this.at(key, this.rev);
    if (!live) return { ok: false, reason: 'not-found', revision: this.rev };
    if (live.modRevision !== expectedModRevision)
      return { ok: false, reason: 'conflict', current: live, revision: this.rev };
    const rev = ++this.rev;
    const kv: KeyValue = { key, value, createRevision: live.createRevision, modRevision: rev };
    this.record(key, { revision: rev, kv }, { type: 'update', kv, prev: live, revision: rev });
    return { ok: true, kv, revision: rev };
  }

  async delete(key: string, expectedModRevision?: number): Promise<WriteResult> {
    const live = this.at(key, this.rev);
    if (!live) return { ok: false, reason: 'not-found', revision: this.rev };
    if (expectedModRevision !== undefined && live.modRevision !== expectedModRevision) {
      return { ok: false, reason: 'conflict', current: live, revision: this.rev };
    }
    const rev = ++this.rev;
    const kv: KeyValue = { ...live, modRevision: rev };
    this.record(key, { revision: rev }, { type: 'delete', kv, prev: live, revision: rev });
    return { ok: true, kv, revision: rev };
  }

  watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent> {
    return this.hub.watch(
      prefix,
      fromRevision,
      signal,
      () => this.rev,
      () => this.compactRev,
      (p, from, to) => this.log.filter((e) => e.revision > from && e.revision <= to && e.kv.key.startsWith(p)),
    );
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, this.rev);
    if (target <= this.compactRev) return;
    this.compactRev = target;
    this.log = this.log.filter((e) => e.revision >= target);
    for (const [key, vs] of this.versions) {
      // Keep the newest version at or below the target (the state as of it) and everything after.
      let keepFrom = 0;
      for (let i = 0; i < vs.length; i++) if (vs[i]!.revision < target) keepFrom = i;
      const kept = vs.slice(keepFrom);
      if (kept.length === 1 && !kept[0]!.kv && kept[0]!.revision < target) {
        this.versions.delete(key);
        this.sortedKeys = undefined;
      } else this.versions.set(key, kept);
    }
  }

  async close(): Promise<void> {
    // Nothing to release.
  }

  private readRevision(revision: number | undefined): number {
    if (!revision) return this.rev;
    if (revision < this.compactRev) throw new CompactedError(revision, this.compactRev);
    return revision;
  }

  private at(key: string, revision: number): KeyValue | undefined {
    const vs = this.versions.get(key);
    if (!vs) return undefined;
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i]!.revision <= revision) return vs[i]!.kv;
    return undefined;
  }

  private record(key: string, version: Version, event: StoreEvent): void {
    const vs = this.versions.get(key);
    if (vs) vs.push(version);
    else {
      this.versions.set(key, [version]);
      this.sortedKeys = undefined;
    }
    this.log.push(event);
    this.hub.publish([event]);
  }

  private keys(): string[] {
    this.sortedKeys ??= [...this.versions.keys()].sort();
    return this.sortedKeys;
  }
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
