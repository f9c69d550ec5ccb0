import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

interface Row {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

type Op =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected?: number };

interface Pending {
  op: Op;
  resolve: (r: WriteResult) => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded store: a kine-style revision log in SQLite (WAL, `synchronous=FULL`, so a
 * resolved write survives a crash). Writes issued in the same tick are committed together in one
 * transaction (group commit); each compare-and-swap is checked in order inside it.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly hub = new WatchHub();
  private rev: number;
  private compactRev: number;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stmt: Record<string, Database.Statement>;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        create_revision INTEGER NOT NULL,
        prev_revision INTEGER NOT NULL,
        value TEXT NOT NULL,
        old_value TEXT
      );
      CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
    `);
    const seq = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'kv'`).get() as
      { seq: number } | undefined;
    this.rev = seq?.seq ?? 0;
    const c = this.db.prepare(`SELECT v FROM meta WHERE k = 'compact_rev'`).get() as { v: number } | undefined;
    this.compactRev = c?.v ?? 0;
    this.stmt = {
      latest: this.db.prepare(`SELECT * FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1`),
      atRev: this.db.prepare(`SELECT * FROM kv WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1`),
      insert: this.db.prepare(
        `INSERT INTO kv (name, created, deleted, create_revision, prev_revision, value, old_value) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: this.db.prepare(`
        SELECT kv.* FROM kv JOIN (
          SELECT MAX(id) AS id FROM kv WHERE name > ? AND name < ? AND id <= ? GROUP BY name
        ) m ON kv.id = m.id WHERE kv.deleted = 0 ORDER BY kv.name LIMIT ?`),
      count: this.db.prepare(`
        SELECT COUNT(*) AS n FROM kv JOIN (
          SELECT MAX(id) AS id FROM kv WHERE name > ? AND name < ? AND id <= ? GROUP BY name
        ) m ON kv.id = m.id WHERE kv.deleted = 0`),
      history: this.db.prepare(`SELECT * FROM kv WHERE id > ? AND id <= ? AND name >= ? AND name < ? ORDER BY id`),
      setCompact: this.db.prepare(
        `INSERT INTO meta (k, v) VALUES ('compact_rev', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`,
      ),
      compactSuperseded: this.db.prepare(
        `DELETE FROM kv WHERE id < ? AND id NOT IN (SELECT MAX(id) FROM kv WHERE id < ? GROUP BY name)`,
      ),
      compactTombstones: this.db.prepare(`DELETE FROM kv WHERE id < ? AND deleted = 1`),
    };
  }

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compactedRevision(): Promise<number> {
    return this.compactRev;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    const at = this.readRevision(revision);
    const row = (revision ? this.stmt.atRev!.get(key, at) : this.stmt.latest!.get(key)) as Row | undefined;
    return { kv: row && !row.deleted ? toKv(row) : undefined, revision: at };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const at = this.readRevision(options.revision);
    const limit = options.limit && options.limit > 0 ? options.limit : -1;
    const from =
      options.after !== undefined && options.after >= prefix ? options.after : prefix.slice(0, -1) + prevChar(prefix);
    const end = prefixEnd(prefix);
    const rows = this.stmt.list!.all(from, end, at, limit === -1 ? -1 : limit + 1) as Row[];
    const more = limit !== -1 && rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    let remaining = 0;
    if (more) {
      const last = page[page.length - 1]!.name;
      remaining = (this.stmt.count!.get(last, end, at) as { n: number }).n;
    }
    return { kvs: page.map(toKv), revision: at, more, remaining };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    const from = prefix.slice(0, -1) + prevChar(prefix);
    const n = (this.stmt.count!.get(from, prefixEnd(prefix), this.rev) as { n: number }).n;
    return { count: n, revision: this.rev };
  }

  create(key: string, value: string): Promise<WriteResult> {
    return this.enqueue({ kind: 'create', key, value });
  }

  update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'update', key, value, expected: expectedModRevision });
  }

  delete(key: string, expectedModRevision?: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'delete', key, expected: expectedModRevision });
  }

  watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncIterable<StoreEvent> {
    return this.hub.watch(
      prefix,
      fromRevision,
      signal,
      () => this.rev,
      () => this.compactRev,
      (p, from, to) => this.replay(p, from, to),
    );
  }

  async compact(revision: number): Promise<void> {
    const target = Math.min(revision, this.rev);
    if (target <= this.compactRev) return;
    this.db.transaction(() => {
      this.stmt.compactSuperseded!.run(target, target);
      this.stmt.compactTombstones!.run(target);
      this.stmt.setCompact!.run(target);
    })();
    this.compactRev = target;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }

  private readRevision(revision: number | undefined): number {
    if (!revision) return this.rev;
    if (revision < this.compactRev) throw new CompactedError(revision, this.compactRev);
    return revision;
  }

  private enqueue(op: Op): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued write in one transaction, then answers the callers and the watches. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const results: WriteResult[] = [];
    const events: StoreEvent[] = [];
    const startRev = this.rev;
    try {
      this.db.transaction(() => {
        for (const { op } of batch) results.push(this.apply(op, events));
      })();
    } catch (e) {
      this.rev = startRev;
      for (const p of batch) p.reject(e);
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    this.hub.publish(events);
  }

  private apply(op: Op, events: StoreEvent[]): WriteResult {
    const cur = this.stmt.latest!.get(op.key) as Row | undefined;
    const live = cur && !cur.deleted ? toKv(cur) : undefined;
    if (op.kind === 'create') {
      if (live) return { ok: false, reason: 'exists', current: live, revision: this.rev };
      // AUTOINCREMENT hands out the next revision; every insert goes through here, so it is rev + 1.
      const next = this.rev + 1;
      const id = Number(this.stmt.insert!.run(op.key, 1, 0, next, cur?.id ?? 0, op.value, null).lastInsertRowid);
      if (id !== next) throw new Error(`store revision out of step: expected ${next}, got ${id}`);
      this.rev = id;
      const kv: KeyValue = { key: op.key, value: op.value, createRevision: id, modRevision: id };
      events.push({ type: 'create', kv, revision: id });
      return { ok: true, kv, revision: id };
    }
    if (!live) return { ok: false, reason: 'not-found', revision: this.rev };
    if (op.expected !== undefined && live.modRevision !== op.expected) {
      return { ok: false, reason: 'conflict', current: live, revision: this.rev };
    }
    if (op.kind === 'update') {
      const id = Number(
        this.stmt.insert!.run(op.key, 0, 0, live.createRevision, live.modRevision, op.value, live.value)
          .lastInsertRowid,
      );
      this.rev = id;
      const kv: KeyValue = { key: op.key, value: op.value, createRevision: live.createRevision, modRevision: id };
      events.push({ type: 'update', kv, prev: live, revision: id });
      return { ok: true, kv, revision: id };
    }
    const id = Number(
      this.stmt.insert!.run(op.key, 0, 1, live.createRevision, live.modRevision, live.value, live.value)
        .lastInsertRowid,
    );
    this.rev = id;
    const kv: KeyValue = { ...live, modRevision: id };
    events.push({ type: 'delete', kv, prev: live, revision: id });
    return { ok: true, kv, revision: id };
  }

  private replay(prefix: string, from: number, to: number): StoreEvent[] {
    const rows = this.stmt.history!.all(from, to, prefix, prefixEnd(prefix)) as Row[];
    return rows.map((r) => {
      const prev: KeyValue | undefined =
        r.created || r.prev_revision === 0
          ? undefined
          : { key: r.name, value: r.old_value ?? '', createRevision: r.create_revision, modRevision: r.prev_revision };
      if (r.deleted) {
        return {
          type: 'delete',
          kv: { key: r.name, value: r.value, createRevision: r.create_revision, modRevision: r.id },
          prev,
          revision: r.id,
        };
      }
      if (r.created) return { type: 'create', kv: toKv(r), revision: r.id };
      return { type: 'update', kv: toKv(r), prev, revision: r.id };
    });
  }
}

function toKv(r: Row): KeyValue {
  return { key: r.name, value: r.value, createRevision: r.create_revision || r.id, modRevision: r.id };
}

/** The first string after every string that starts with `prefix`. */
export function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}

/** A string just below `prefix` in sort order, so that `name > it` includes `prefix` itself. */
function prevChar(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return String.fromCharCode(last - 1) + '\uffff';
}
