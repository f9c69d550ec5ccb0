import type { Logger } from 'pino';
import type { KubeClient } from '../client/kube-client.js';
import type { CacheReader } from '../informers/cache-reader.js';
import type { EventRecorder } from './event-recorder.js';

/** What to reconcile: one object of the controller's primary kind. */
export interface Request {
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/** What a reconcile gets besides the request. */
export interface ReconcileContext {
  /** Aborts when the reconcile times out, leadership is lost, or the manager stops. */
  signal: AbortSignal;
  /** The manager's client; its writes land in the informer caches at once (read-your-writes). */
  client: KubeClient;
  /** Reads from the shared informer caches. */
  cache: CacheReader;
  /** Records events as this controller. */
  recorder: EventRecorder;
  /** A logger with the controller and object. */
  log: Logger;
  /** How many times this request failed in a row before this attempt (0 on a first try). */
  retries: number;
}

/**
 * The outcome of a reconcile. Nothing (or `{}`) means done; `requeueAfterMs` asks to run again
 * after that delay (backoff is reset). A thrown error is retried with per-item exponential backoff,
 * except TerminalError, which is logged and not retried until the object changes again.
 */
export type ReconcileResult = { requeueAfterMs?: number } | void;

/**
 * A level-based reconciler: given the name of an object, make the world match its desired state.
 * It is never called concurrently for the same request; it must be idempotent, read the current
 * state (from `ctx.cache` or `ctx.client`), and not rely on what event caused the call.
 */
export interface Reconciler {
  reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult>;
}

/** An error that retrying cannot fix (invalid spec and the like): no backoff retry. */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** The queue key of a request: `namespace/name` or `name`. */
export function requestKey(req: Request): string {
  return req.namespace ? `${req.namespace}/${req.name}` : req.name;
}

/** The request of a queue key. */
export function requestOfKey(key: string): Request {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
