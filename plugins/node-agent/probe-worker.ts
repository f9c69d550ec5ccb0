import type { Clock, Timer } from '../../sdk/plugins/clock.js';
import type { Probe } from './pod-types.js';

/** Outcome of one probe run. */
export type ProbeOutcome = { readonly ok: boolean; readonly message?: string };

/** Which probe: they differ in their initial result and in what a failure does. */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** The timing fields of a probe with Kubernetes' defaults applied. */
export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** Defaults of core/v1 Probe: period 10 s, timeout 1 s, thresholds 1 success and 3 failures. */
export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: Math.max(0, probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(1, probe.periodSeconds ?? 10) * 1000,
    timeoutSeconds: Math.max(1, probe.timeoutSeconds ?? 1),
    successThreshold: Math.max(1, probe.successThreshold ?? 1),
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

/**
 * One probe of one container instance, as kubelet's prober worker runs it: waits
 * `initialDelaySeconds` after the container started, then runs every `periodSeconds`; the result
 * flips to success after `successThreshold` consecutive successes and to failure after
 * `failureThreshold` consecutive failures. Readiness and startup start as failed, liveness as
 * succeeded. `onChange` is called on each flip. Time comes from the clock.
 */
export class ProbeWorker {
  private timer?: Timer;
  private stopped = false;
  private successes = 0;
  private failures = 0;
  private resultOk: boolean;
  private running = false;
  /** Message of the last failed run. */
  lastMessage: string | undefined;
  /** Number of runs so far. */
  runs = 0;

  constructor(
    readonly kind: ProbeKind,
    readonly timing: ProbeTiming,
    private readonly clock: Clock,
    private readonly run: () => Promise<ProbeOutcome>,
    private readonly onChange: (ok: boolean, message: string | undefined) => void,
  ) {
    this.resultOk = kind === 'liveness';
  }

  /** The current result. */
  get ok(): boolean {
    return this.resultOk;
  }

  /** Starts probing; the first run is `initialDelaySeconds` after `startedAtMs`. */
  start(startedAtMs: number): void {
    const first = Math.max(0, startedAtMs + this.timing.initialDelayMs - this.clock.now());
    this.schedule(first);
  }

  /** Stops probing (idempotent). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(ms, () => void this.tick());
  }

  /** Runs the probe once now and applies the thresholds (exposed for tests). */
  async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    let outcome: ProbeOutcome;
    try {
      outcome = await this.run();
    } catch (err) {
      outcome = { ok: false, message: (err as Error).message };
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    this.runs++;
    this.record(outcome);
    // A startup probe stops once it succeeded; the others keep running.
    if (!(this.kind === 'startup' && this.resultOk)) this.schedule(this.timing.periodMs);
  }

  private record(outcome: ProbeOutcome): void {
    if (outcome.ok) {
      this.successes++;
      this.failures = 0;
      if (!this.resultOk && this.successes >= this.timing.successThreshold) {
        this.resultOk = true;
        this.onChange(true, undefined);
      }
    } else {
      this.failures++;
      this.successes = 0;
      this.lastMessage = outcome.message;
      if (this.failures >= this.timing.failureThreshold && (this.resultOk || this.kind !== 'readiness')) {
        const flipped = this.resultOk;
        this.resultOk = false;
        // Liveness and startup failures act every time the threshold is reached; reset the count.
        if (this.kind !== 'readiness') this.failures = 0;
        if (flipped || this.kind !== 'readiness') this.onChange(false, outcome.message);
      }
    }
  }
}
