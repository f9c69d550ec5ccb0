import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EventQueue } from './event-queue.js';
import { compareKeys, prefixEnd } from './key-range.js';
import { FutureRevisionError, readRevision } from './revision-check.js';
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

/** A row of the log table (the columns the driver reads). */
interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

type LatestRow = Pick<LogRow, 'id' | 'deleted' | 'create_revision' | 'value'>;

type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expected: number }
  | { kind: 'delete'; key: string; expected: number | undefined };

interface PendingWrite {
  readonly op: WriteOp;
  readonly resolve: (r: WriteResult) => void;
  readonly reject: (e: unknown) => void;
}

const replayBatch = 512;
const compactChunk = 10_000;

const schema = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL,
  old_value TEXT
);
CREATE INDEX IF NOT EXISTS log_name_id ON log (name, id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * The embedded store: a kine-like log table in SQLite (WAL, `synchronous=FULL`). Each row is one
 * revision; the latest row of a name is its current state. Writes issued in the same tick are
 * committed together in one transaction (group commit) and resolve after that commit; watches are
 * fed in-process after each commit, with history replayed from the table.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private revision: number;
  private compacted: number;
  private closed = false;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly hub = new WatchHub();
  private readonly stmts: {
    latest: Database.Statement<[string], LatestRow>;
    at: Database.Statement<[string, number], LatestRow>;
    insert: Database.Statement<[number, string, number, number, number, number, string, string | null]>;
    setMeta: Database.Statement<[string, number]>;
    compactChunk: Database.Statement<[{ lo: number; hi: number; rev: number }]>;
  };
  private readonly rangeStmts = new Map<string, Database.Statement<[RangeParams], LogRow>>();
  private readonly countStmts = new Map<string, Database.Statement<[RangeParams], { n: number }>>();
  private readonly replayStmts = new Map<string, Database.Statement<[ReplayParams], LogRow>>();
  private readonly commitBatch: (batch: PendingWrite[], results: WriteResult[], events: StoreEvent[]) => void;

  /** Opens (creating if needed) the database file at `path` and its directory. */
  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(schema);
    const seq = this.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'log'`).get() as
      { seq: number } | undefined;
    const max = this.db.prepare('SELECT MAX(id) AS id FROM log').get() as { id: number | null };
    this.revision = Math.max(seq?.seq ?? 0, max.id ?? 0);
    const compacted = this.db.prepare(`SELECT value FROM meta WHERE key = 'compacted'`).get() as
      { value: number } | undefined;
    this.compacted = compacted?.value ?? 0;
    this.stmts = {
      latest: this.db.prepare(
        'SELECT id, deleted, create_revision, value FROM log WHERE name = ? ORDER BY id DESC LIMIT 1',
      ),
      at: this.db.prepare(
        'SELECT id, deleted, create_revision, value FROM log WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1',
      ),
      insert: this.db.prepare(
        `INSERT INTO log (id, name, created, deleted, create_revision, prev_revision, value, old_value)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setMeta: this.db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      compactChunk: this.db.prepare(
        `DELETE FROM log WHERE id > @lo AND id <= @hi AND (deleted = 1 OR EXISTS (
           SELECT 1 FROM log AS later WHERE later.name = log.name AND later.id > log.id AND later.id <= @rev))`,
      ),
    };
    this.commitBatch = this.db.transaction((batch, results, events) => {
      for (const w of batch) results.push(this.apply(w.op, events));
    });
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  async compactedRevision(): Promise<number> {
    return this.compacted;
  }

  async get(key: string, revision?: number): Promise<{ kv?: KeyValue; revision: number }> {
    this.ensureOpen();
    const at = readRevision(revision, this.compacted, this.revision);
    const row = at === this.revision ? this.stmts.latest.get(key) : this.stmts.at.get(key, at);
    return { kv: row && !row.deleted ? toKv(key, row) : undefined, revision: at };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.ensureOpen();
    const at = readRevision(options.revision, this.compacted, this.revision);
    const end = prefixEnd(prefix);
    const afterCursor = options.after !== undefined && compareKeys(options.after, prefix) >= 0;
    const lower = afterCursor ? options.after! : prefix;
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const rows = this.rangeStmt(afterCursor, end !== undefined).all({
      lo: lower,
      hi: end,
      rev: at,
      lim: limit ? limit + 1 : -1,
    });
    let remaining = 0;
    if (limit && rows.length > limit) {
      rows.length = limit;
      remaining = this.countStmt(true, end !== undefined).get({ lo: rows[limit - 1]!.name, hi: end, rev: at })!.n;
    }
    return { kvs: rows.map(rowKv), revision: at, more: remaining > 0, remaining };
  }

  async count(prefix: string): Promise<{ count: number; revision: number }> {
    this.ensureOpen();
    const end = prefixEnd(prefix);
    const n = this.countStmt(false, end !== undefined).get({ lo: prefix, hi: end, rev: this.revision })!.n;
    return { count: n, revision: this.revision };
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

  async *watch(prefix: string, fromRevision: number, signal: AbortSignal): AsyncGenerator<StoreEvent, void, undefined> {
    this.ensureOpen();
    if (fromRevision < this.compacted) throw new CompactedError(fromRevision, this.compacted);
    if (signal.aborted) return;
    // Subscribing and taking the snapshot revision happen in one tick: every commit after it
    // reaches the queue, every commit up to it is in the table.
    const queue = new EventQueue<StoreEvent>();
    const unsubscribe = this.hub.subscribe(prefix, queue);
    const snapshot = this.revision;
    const onAbort = () => queue.close();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const end = prefixEnd(prefix);
      const stmt = this.replayStmt(end !== undefined);
      let cursor = fromRevision;
      while (cursor < snapshot) {
        if (queue.done) return;
        if (this.compacted > cursor) throw new CompactedError(cursor, this.compacted);
        const rows = stmt.all({ from: cursor, to: snapshot, lo: prefix, hi: end });
        for (const row of rows) {
          yield rowEvent(row);
          if (queue.done) return;
        }
        if (rows.length < replayBatch) break;
        cursor = rows[rows.length - 1]!.id;
      }
      // A watch from a revision not reached yet starts once the store gets past it.
      if (fromRevision < snapshot) yield* queue.drain();
      else for await (const ev of queue.drain()) if (ev.revision > fromRevision) yield ev;
    } finally {
      signal.removeEventListener('abort', onAbort);
      unsubscribe();
    }
  }

  async compact(revision: number): Promise<void> {
    this.ensureOpen();
    if (revision <= this.compacted) return;
    if (revision > this.revision) throw new FutureRevisionError(revision, this.revision);
    this.stmts.setMeta.run('compacted', revision);
    this.compacted = revision;
    for (let lo = 0; lo < revision && !this.closed; lo += compactChunk) {
      this.stmts.compactChunk.run({ lo, hi: Math.min(lo + compactChunk, revision), rev: revision });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    this.hub.closeAll();
    this.db.close();
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }

  private enqueue(op: WriteOp): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Commits every queued write in one transaction, then publishes the events and answers. */
  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0 || this.closed) return;
    this.queue = [];
    const results: WriteResult[] = [];
    const events: StoreEvent[] = [];
    const before = this.revision;
    try {
      this.commitBatch(batch, results, events);
    } catch (err) {
      this.revision = before;
      for (const w of batch) w.reject(err);
      return;
    }
    this.hub.publish(events);
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
  };

  /** Checks and applies one write inside the batch transaction. */
  private apply(op: WriteOp, events: StoreEvent[]): WriteResult {
    const key = op.key;
    const row = this.stmts.latest.get(key);
    const current = row && !row.deleted ? toKv(key, row) : undefined;
    if (op.kind === 'create') {
      if (current) return { ok: false, reason: 'exists', current, revision: this.revision };
      const id = this.revision + 1;
      this.stmts.insert.run(id, key, 1, 0, id, row ? row.id : 0, op.value, null);
      this.revision = id;
      const kv: KeyValue = { key, value: op.value, createRevision: id, modRevision: id };
      events.push({ type: 'create', kv, revision: id });
      return { ok: true, kv, revision: id };
    }
    if (!current) return { ok: false, reason: 'not-found', revision: this.revision };
    if (op.expected !== undefined && current.modRevision !== op.expected)
      return { ok: false, reason: 'conflict', current, revision: this.revision };
    const id = this.revision + 1;
    if (op.kind === 'update') {
      this.stmts.insert.run(id, key, 0, 0, current.createRevision, current.modRevision, op.value, current.value);
      this.revision = id;
      const kv: KeyValue = { key, value: op.value, createRevision: current.createRevision, modRevision: id };
      events.push({ type: 'update', kv, prev: current, revision: id });
      return { ok: true, kv, revision: id };
    }
    this.stmts.insert.run(id, key, 0, 1, current.createRevision, current.modRevision, '', current.value);
    this.revision = id;
    events.push({ type: 'delete', kv: { ...current, modRevision: id }, prev: current, revision: id });
    return { ok: true, kv: current, revision: id };
  }

  /**
   * The latest live row per name in a key range at a revision, in key order. It walks the
   * (name, id) index in key order, so a limited page stops early instead of grouping the range.
   */
  private rangeStmt(exclusiveLower: boolean, bounded: boolean): Database.Statement<[RangeParams], LogRow> {
    const id = `${exclusiveLower}|${bounded}`;
    let stmt = this.rangeStmts.get(id);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT id, name, create_revision, value FROM log AS l
         WHERE ${rangeWhere(exclusiveLower, bounded)} AND id <= @rev AND deleted = 0
           AND NOT EXISTS (SELECT 1 FROM log AS later WHERE later.name = l.name AND later.id > l.id AND later.id <= @rev)
         ORDER BY name LIMIT @lim`,
      );
      this.rangeStmts.set(id, stmt);
    }
    return stmt;
  }

  /** How many names in a key range are live at a revision. */
  private countStmt(exclusiveLower: boolean, bounded: boolean): Database.Statement<[RangeParams], { n: number }> {
    const id = `${exclusiveLower}|${bounded}`;
    let stmt = this.countStmts.get(id);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT COUNT(*) AS n FROM log AS l JOIN (
           SELECT MAX(id) AS mid FROM log WHERE ${rangeWhere(exclusiveLower, bounded)} AND id <= @rev GROUP BY name
         ) AS m ON l.id = m.mid WHERE l.deleted = 0`,
      );
      this.countStmts.set(id, stmt);
    }
    return stmt;
  }

  /** The rows of a key range with ids in (from, to], in revision order, one batch at a time. */
  private replayStmt(bounded: boolean): Database.Statement<[ReplayParams], LogRow> {
    const id = String(bounded);
    let stmt = this.replayStmts.get(id);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT id, name, created, deleted, create_revision, prev_revision, value, old_value FROM log
         WHERE id > @from AND id <= @to AND ${rangeWhere(false, bounded)} ORDER BY id LIMIT ${replayBatch}`,
      );
      this.replayStmts.set(id, stmt);
    }
    return stmt;
  }
}

interface RangeParams {
  lo: string;
  hi: string | undefined;
  rev: number;
  lim?: number;
}

interface ReplayParams {
  from: number;
  to: number;
  lo: string;
  hi: string | undefined;
}

function rangeWhere(exclusiveLower: boolean, bounded: boolean): string {
  return `name ${exclusiveLower ? '>' : '>='} @lo${bounded ? ' AND name < @hi' : ''}`;
}

function toKv(key: string, row: LatestRow): KeyValue {
  return { key, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

function rowKv(row: LogRow): KeyValue {
  return { key: row.name, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

function rowEvent(row: LogRow): StoreEvent {
  const revision = row.id;
  const key = row.name;
  if (row.created) {
    return { type: 'create', kv: { key, value: row.value, createRevision: revision, modRevision: revision }, revision };
  }
  const prev: KeyValue = {
    key,
    value: row.old_value ?? '',
    createRevision: row.create_revision,
    modRevision: row.prev_revision,
  };
  if (row.deleted) return { type: 'delete', kv: { ...prev, modRevision: revision }, prev, revision };
  return {
    type: 'update',
    kv: { key, value: row.value, createRevision: row.create_revision, modRevision: revision },
    prev,
    revision,
  };
}
