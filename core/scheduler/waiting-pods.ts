import { Status, type Clock, type Pod, type TimerHandle, type WaitingPod } from '../../sdk/scheduler/index.js';

/** A pod held at Permit until every waiting plugin allows it, one rejects it, or a timeout passes. */
export class WaitingPodImpl implements WaitingPod {
  private readonly pending = new Map<string, TimerHandle>();
  private settle!: (s: Status) => void;
  /** Resolves with Success when allowed, Unschedulable when rejected or timed out. */
  readonly result: Promise<Status>;
  private settled = false;

  constructor(
    readonly pod: Pod,
    timeouts: Map<string, number>,
    clock: Clock,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
    for (const [plugin, ms] of timeouts) {
      this.pending.set(
        plugin,
        clock.setTimer(ms, () =>
          this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`),
        ),
      );
    }
  }

  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  allow(plugin: string): void {
    const t = this.pending.get(plugin);
    if (t === undefined || this.settled) return;
    t.cancel();
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.finish(Status.success());
  }

  reject(plugin: string, message: string): void {
    if (this.settled) return;
    this.finish(Status.unschedulable(message).withPlugin(plugin));
  }

  private finish(s: Status): void {
    this.settled = true;
    for (const t of this.pending.values()) t.cancel();
    this.pending.clear();
    this.settle(s);
  }
}
