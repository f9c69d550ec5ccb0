/**
 * An unbounded single-consumer queue that a producer pushes into and one async iterator drains:
 * the plumbing between a driver's write path (or etcd's watch stream) and a `watch()` iterator.
 */
export class EventQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private failure: unknown;
  private failed = false;
  private ended = false;
  private wake: (() => void) | undefined;

  /** Appends an item; ignored once the queue has ended or failed. */
  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  /** Makes the iterator throw `error` after the items already queued. */
  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = error;
    this.failed = true;
    this.ended = true;
    this.notify();
  }

  /** Ends the iterator at once, dropping queued items (used on abort). */
  close(): void {
    this.ended = true;
    this.failed = false;
    this.items = [];
    this.head = 0;
    this.notify();
  }

  /** True once `close` or `fail` was called. */
  get done(): boolean {
    return this.ended;
  }

  /** Yields the items in push order until the queue is closed or fails. */
  async *drain(): AsyncGenerator<T, void, undefined> {
    for (;;) {
      while (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.items[this.head++] = undefined;
        if (this.head >= 1024 && this.head * 2 >= this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        yield item;
      }
      if (this.failed) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    if (wake) {
      this.wake = undefined;
      wake();
    }
  }
}
