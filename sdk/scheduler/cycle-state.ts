/**
 * Scratch data of one scheduling cycle, shared by the plugins of that cycle (kube-scheduler's
 * CycleState). Plugins key their entries by a constant built from their name, e.g.
 * `"PreFilter" + NAME`, and read them back with `read`.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** True when the cycle may skip filter plugins whose PreFilter returned Skip. */
  readonly skipFilterPlugins = new Set<string>();
  /** Score plugins whose PreScore returned Skip. */
  readonly skipScorePlugins = new Set<string>();

  /** Stores a value under `key` (overwrites). */
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** Reads the value under `key`; undefined when absent. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Deletes `key`. */
  delete(key: string): void {
    this.data.delete(key);
  }

  /**
   * A copy for "what if" evaluations (preemption). Values that have a `clone()` method are cloned
   * with it; others are shared, so plugins whose state changes under AddPod/RemovePod must give
   * their state a `clone()`.
   */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cl = (v as { clone?: () => unknown } | null)?.clone;
      c.data.set(k, typeof cl === 'function' ? cl.call(v) : v);
    }
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
