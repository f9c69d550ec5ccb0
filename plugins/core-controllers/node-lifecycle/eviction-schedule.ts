import { evictionDelay, type Taint, type Toleration } from './taints.js';

/**
 * The taint eviction schedule: when each pod on a NoExecute-tainted node must be deleted. A pod's
 * clock starts when its eviction is first scheduled (as the taint manager's queue does); a later,
 * earlier deadline replaces it; a pod whose taints are gone or fully tolerated is cancelled.
 */
export class EvictionSchedule {
  private readonly scheduled = new Map<string, { createdMs: number; dueMs: number }>();

  /**
   * Updates the pod's schedule from its node's taints and returns when it is due: a time in ms,
   * or undefined when it is not to be evicted.
   */
  update(
    podKey: string,
    taints: readonly Taint[],
    tolerations: readonly Toleration[],
    nowMs: number,
  ): number | undefined {
    const delay = evictionDelay(taints, tolerations);
    if (delay === 'never') {
      this.scheduled.delete(podKey);
      return undefined;
    }
    const existing = this.scheduled.get(podKey);
    const created = existing?.createdMs ?? nowMs;
    const due = delay === 'now' ? nowMs : created + delay * 1000;
    if (existing && existing.dueMs <= due) return existing.dueMs;
    this.scheduled.set(podKey, { createdMs: created, dueMs: due });
    return due;
  }

  /** Forgets a pod (deleted, or evicted). */
  cancel(podKey: string): void {
    this.scheduled.delete(podKey);
  }

  /** The keys of pods due at `nowMs`. */
  due(nowMs: number): string[] {
    return [...this.scheduled].filter(([, s]) => s.dueMs <= nowMs).map(([k]) => k);
  }
}
