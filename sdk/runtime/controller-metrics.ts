import type { MetricsRegistry } from './metrics-registry.js';
import type { WorkQueueObserver } from './work-queue.js';

/** controller-runtime's reconcile time buckets (seconds). */
const reconcileBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2,
  2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
/** client-go's workqueue latency buckets (seconds): 10^-8 .. 10^1. */
const queueBuckets = Array.from({ length: 10 }, (_, i) => 10 ** (i - 8));

/**
 * The metrics of controllers and their queues, under controller-runtime's names so that existing
 * dashboards work: controller_runtime_reconcile_total{controller,result},
 * controller_runtime_reconcile_errors_total, controller_runtime_terminal_reconcile_errors_total,
 * controller_runtime_reconcile_time_seconds, controller_runtime_active_workers,
 * controller_runtime_max_concurrent_reconciles, workqueue_depth, workqueue_adds_total,
 * workqueue_retries_total, workqueue_queue_duration_seconds.
 */
export class ControllerMetrics {
  private readonly total;
  private readonly errors;
  private readonly terminal;
  private readonly time;
  private readonly active;
  private readonly maxConcurrent;
  private readonly depth;
  private readonly adds;
  private readonly retries;
  private readonly wait;
  private readonly activeCount = new Map<string, number>();

  constructor(readonly registry: MetricsRegistry) {
    this.total = registry.counter(
      'controller_runtime_reconcile_total',
      'Total number of reconciliations per controller',
    );
    this.errors = registry.counter(
      'controller_runtime_reconcile_errors_total',
      'Total number of reconciliation errors per controller',
    );
    this.terminal = registry.counter(
      'controller_runtime_terminal_reconcile_errors_total',
      'Total number of terminal reconciliation errors per controller',
    );
    this.time = registry.histogram(
      'controller_runtime_reconcile_time_seconds',
      'Length of time per reconciliation per controller',
      reconcileBuckets,
    );
    this.active = registry.gauge(
      'controller_runtime_active_workers',
      'Number of currently used workers per controller',
    );
    this.maxConcurrent = registry.gauge(
      'controller_runtime_max_concurrent_reconciles',
      'Maximum number of concurrent reconciles per controller',
    );
    this.depth = registry.gauge('workqueue_depth', 'Current depth of workqueue');
    this.adds = registry.counter('workqueue_adds_total', 'Total number of adds handled by workqueue');
    this.retries = registry.counter('workqueue_retries_total', 'Total number of retries handled by workqueue');
    this.wait = registry.histogram(
      'workqueue_queue_duration_seconds',
      'How long in seconds an item stays in workqueue before being requested',
      queueBuckets,
    );
  }

  /** The observer to hand to a controller's work queue. */
  queueObserver(controller: string): WorkQueueObserver {
    const labels = { controller, name: controller };
    this.depth.set(labels, 0);
    return {
      onAdd: () => this.adds.inc(labels),
      onRetry: () => this.retries.inc(labels),
      onDepth: (d) => this.depth.set(labels, d),
      onGet: (ms) => this.wait.observe(labels, ms / 1000),
    };
  }

  reconciled(controller: string, result: 'success' | 'error' | 'requeue' | 'requeue_after'): void {
    this.total.inc({ controller, result });
    if (result === 'error') this.errors.inc({ controller });
  }

  terminalError(controller: string): void {
    this.terminal.inc({ controller });
  }

  reconcileTime(controller: string, seconds: number): void {
    this.time.observe({ controller }, seconds);
  }

  activeWorkers(controller: string, delta: number): void {
    const n = (this.activeCount.get(controller) ?? 0) + delta;
    this.activeCount.set(controller, n);
    this.active.set({ controller }, n);
  }

  setMaxConcurrency(controller: string, n: number): void {
    this.maxConcurrent.set({ controller }, n);
  }
}
