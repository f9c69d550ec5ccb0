import { viewOf } from '../storage/object-storage.js';
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { apiErrors, type StatusError } from '../status.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import type { ObjectEvent, WatchCache } from '../watch/watch-cache.js';
import type { ListFilter, ResourceHandler, ResourceRequest } from './resource-handler.js';
import { apiVersionOf } from './object-lifecycle.js';

/** Renders one object of an event (plain JSON, or a one-row Table). */
export type EventRenderer = (type: ResourceType, obj: KubeObject) => string;

/** Tunables of watches. */
export interface WatchOptions {
  /** How often to send a BOOKMARK to clients that allow them. */
  bookmarkIntervalMs: number;
  /** The server's own cap on a watch without timeoutSeconds (the apiserver picks 30 to 60 minutes). */
  defaultTimeoutMs: () => number;
  /** Bytes queued for a slow client before its watch is closed (it will re-watch). */
  maxBufferedBytes: number;
}

const defaults: WatchOptions = {
  bookmarkIntervalMs: 60_000,
  defaultTimeoutMs: () => (30 + Math.random() * 30) * 60_000,
  maxBufferedBytes: 16 * 1024 * 1024,
};

/**
 * Serves `?watch=true`: newline-delimited JSON events from the watch cache, with the initial
 * state as ADDED events when no resourceVersion is given, filtering by namespace and selectors
 * (an object that stops matching is sent as DELETED), bookmarks, timeouts and 410 Expired.
 */
export class WatchHandler {
  private readonly opts: WatchOptions;
  private readonly open = new Set<() => void>();

  constructor(
    private readonly cache: WatchCache,
    private readonly storage: ObjectStorage,
    private readonly handler: ResourceHandler,
    options: Partial<WatchOptions> = {},
  ) {
    this.opts = { ...defaults, ...options };
  }

  /** Number of watches being served (for metrics). */
  get active(): number {
    return this.open.size;
  }

  /** Ends every open watch (server shutdown). */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  async serve(req: ResourceRequest, res: ServerResponse, render: EventRenderer): Promise<void> {
    if (req.info.name) {
      // A watch on one object is a watch on its collection narrowed to its name.
      const byName = `metadata.name=${req.info.name}`;
      const fs = req.query.get('fieldSelector');
      const merged = new URLSearchParams(req.query);
      merged.set('fieldSelector', fs ? `${fs},${byName}` : byName);
      req = { ...req, query: merged };
    }
    const { type, query } = req;
    const filter: ListFilter = this.handler.filterOf(req);
    const rvText = query.get('resourceVersion') ?? '';
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    const timeoutText = query.get('timeoutSeconds');
    const timeoutMs = timeoutText ? Math.max(0, Number(timeoutText)) * 1000 : this.opts.defaultTimeoutMs();
    if (timeoutText && !Number.isFinite(timeoutMs))
      throw apiErrors.badRequest(`invalid timeoutSeconds: ${timeoutText}`);

    let from: number;
    let initial: KubeObject[] = [];
    if (rvText === '' || rvText === '0') {
      const listed = await this.handler.list({ ...req, query: stripForList(query) });
      initial = listed.items;
      from = listed.revision;
    } else {
      from = Number(rvText);
      if (!Number.isInteger(from) || from < 0)
        throw apiErrors.badRequest(`resourceVersion: Invalid value: "${rvText}"`);
    }

    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const prefix = this.storage.prefix(type, filter.namespace);
    let closed = false;
    let lastRevision = from;
    const send = (kind: string, obj: KubeObject, json?: string) => {
      if (closed) return;
      const body = json ?? render(type, obj);
      res.write(`{"type":"${kind}","object":${body}}\n`);
      if (res.writableLength > this.opts.maxBufferedBytes) close();
    };
    const sendError = (err: StatusError) => {
      res.write(`{"type":"ERROR","object":${JSON.stringify(err.toStatus())}}\n`);
    };
    const close = () => {
      if (closed) return;
      closed = true;
      this.open.delete(close);
      clearTimeout(timer);
      clearInterval(bookmarkTimer);
      sub.unsubscribe();
      res.end();
    };
    this.open.add(close);
    const timer = setTimeout(close, timeoutMs);
    timer.unref?.();
    const bookmarkTimer = setInterval(() => {
      if (!bookmarks || closed) return;
      const rv = String(Math.max(lastRevision, this.cache.revision));
      res.write(
        `{"type":"BOOKMARK","object":{"kind":"${type.kind}","apiVersion":"${apiVersionOf(type)}","metadata":{"resourceVersion":"${rv}"}}}\n`,
      );
    }, this.opts.bookmarkIntervalMs);
    bookmarkTimer.unref?.();
    res.on('close', close);

    for (const o of initial) send('ADDED', o);
    const converted = type.storedAs !== undefined;
    const plain = (e: ObjectEvent) => (render === this.plainRenderer && !converted ? eventJson(e) : undefined);
    const sub = this.cache.subscribe(
      {
        prefix,
        onEvent: (raw) => {
          if (closed || raw.revision <= from) return;
          // A type over another resource's storage sees each event converted (the cache's objects are shared).
          const e = converted
            ? { ...raw, object: viewOf(type, raw.object), prev: raw.prev && viewOf(type, raw.prev) }
            : raw;
          lastRevision = e.revision;
          const now = this.handler.matches(type, filter, e.object);
          if (e.type === 'ADDED') {
            if (now) send('ADDED', e.object, plain(e));
          } else if (e.type === 'DELETED') {
            if (now) send('DELETED', e.object, plain(e));
          } else {
            const before = e.prev ? this.handler.matches(type, filter, e.prev) : false;
            if (now && before) send('MODIFIED', e.object, plain(e));
            else if (now) send('ADDED', e.object, plain(e));
            else if (before) send('DELETED', e.object, plain(e));
          }
        },
        onClose: close,
      },
      from,
    );
    if (!sub.ok) {
      sendError(apiErrors.expired(`too old resource version: ${from} (${this.cache.oldestResumable})`));
      close();
    }
  }

  /** Renders the plain JSON of an object; recognised so that cached event JSON can be reused. */
  readonly plainRenderer: EventRenderer = (_type, obj) => JSON.stringify(obj);
}

const eventJsonCache = new WeakMap<ObjectEvent, string>();

/** The JSON of an event's object, computed once for all watchers. */
function eventJson(e: ObjectEvent): string {
  let s = eventJsonCache.get(e);
  if (s === undefined) {
    s = JSON.stringify(e.object);
    eventJsonCache.set(e, s);
  }
  return s;
}

function stripForList(query: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams(query);
  for (const k of [
    'watch',
    'resourceVersion',
    'resourceVersionMatch',
    'limit',
    'continue',
    'timeoutSeconds',
    'allowWatchBookmarks',
  ])
    q.delete(k);
  return q;
}
