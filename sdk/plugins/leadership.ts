/**
 * Token of the host's leader election. Work that must run in only one process of a cluster (the
 * controllers, the scheduler, simulated nodes) runs through it: with several `capstan server`
 * processes on one store, exactly one holds each named coordination.k8s.io Lease in kube-system
 * and runs that work; when it dies another takes over within the lease duration. On a store that
 * only one process can open (the embedded SQLite), the work simply runs.
 */
export const Leadership = Symbol.for('capstan.dev/Leadership');

/** Runs work while this process leads. */
export interface Leadership {
  /** True when several processes may share the store and the work is leader-elected. */
  readonly elected: boolean;
  /**
   * Campaigns for the Lease `name` in the background and calls `lead` each time this process
   * becomes its holder; `lead` returns once its work runs, and that work must end when `lead`'s
   * signal aborts (leadership lost, or `signal` aborted). Does not wait for leadership: the
   * returned promise settles only after `signal` aborts, the work has been told to stop and the
   * Lease is released (so another process takes over at once). Errors of `lead` are logged.
   */
  whileLeading(name: string, lead: (signal: AbortSignal) => Promise<void> | void, signal: AbortSignal): Promise<void>;
}
