/**
 * The outcome of every scheduler plugin hook, as a value (kube-scheduler's framework.Status).
 * `undefined` stands for Success wherever a hook returns `Status | undefined`.
 */

/** The codes a hook may return. */
export type StatusCode =
  /** The hook succeeded. */
  | 'Success'
  /** An internal fault (not a scheduling decision): the pod is retried with backoff. */
  | 'Error'
  /** The pod does not fit this node (Filter) or now (PreFilter); preemption may help. */
  | 'Unschedulable'
  /** The pod does not fit and preemption cannot change that (e.g. a node selector mismatch). */
  | 'UnschedulableAndUnresolvable'
  /** Permit only: hold the pod until another party allows or rejects it, or the timeout passes. */
  | 'Wait'
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score are skipped. Bind: not handled. */
  | 'Skip'
  /** The pod waits for something outside the scheduler; it is not counted as Unschedulable. */
  | 'Pending';

/** A status code plus the reasons shown to users, and the plugin that produced it. */
export class Status {
  private constructor(
    /** The decision. */
    readonly code: StatusCode,
    /** Human-readable reasons; the FailedScheduling message counts nodes per reason. */
    readonly reasons: readonly string[],
    /** The plugin that returned the status (set by the framework when it is missing). */
    readonly plugin?: string,
    /** The fault for code Error. */
    readonly error?: Error,
  ) {}

  /** A status with a code and reasons. */
  static of(code: StatusCode, ...reasons: string[]): Status {
    return new Status(code, reasons);
  }

  /** Success. */
  static success(): Status {
    return successStatus;
  }

  /** Unschedulable with reasons. */
  static unschedulable(...reasons: string[]): Status {
    return new Status('Unschedulable', reasons);
  }

  /** UnschedulableAndUnresolvable with reasons. */
  static unresolvable(...reasons: string[]): Status {
    return new Status('UnschedulableAndUnresolvable', reasons);
  }

  /** Skip. */
  static skip(): Status {
    return skipStatus;
  }

  /** Wait (Permit only). */
  static wait(...reasons: string[]): Status {
    return new Status('Wait', reasons);
  }

  /** Error from a fault; the message becomes the reason. */
  static error(err: unknown): Status {
    const e = err instanceof Error ? err : new Error(String(err));
    return new Status('Error', [e.message], undefined, e);
  }

  /** The same status attributed to `plugin` (kept when already attributed). */
  withPlugin(plugin: string): Status {
    return this.plugin ? this : new Status(this.code, this.reasons, plugin, this.error);
  }

  /** True for Success. */
  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** True for Unschedulable, UnschedulableAndUnresolvable and Pending: a decision against the pod, not a fault. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable' || this.code === 'Pending';
  }

  /** The reasons joined by ", " (Go's Status.Message()). */
  message(): string {
    return this.reasons.join(', ');
  }
}

const successStatus = Status.of('Success');
const skipStatus = Status.of('Skip');

/** True when `s` is absent or Success. */
export function isSuccess(s: Status | undefined): boolean {
  return s === undefined || s.code === 'Success';
}

/** The code of `s`, Success when absent. */
export function codeOf(s: Status | undefined): StatusCode {
  return s?.code ?? 'Success';
}
