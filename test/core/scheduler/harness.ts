import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import {
  SchedulerPluginRegistry,
  type KubeSchedulerConfiguration,
  type SchedulerPluginRegistration,
} from '../../../sdk/scheduler/index.js';
import { Scheduler, type CycleOutcome } from '../../../core/scheduler/scheduler.js';
import { inTreeRegistrations } from '../../../plugins/scheduler-defaults/index.js';
import { FakeCluster } from './fake-cluster.js';

/** A scheduler with the default plugins on a fake cluster and a fake clock. */
export function newHarness(opts: { config?: KubeSchedulerConfiguration; extra?: SchedulerPluginRegistration[] } = {}) {
  const cluster = new FakeCluster();
  const clock = new FakeClock();
  const registry = new SchedulerPluginRegistry([...inTreeRegistrations(), ...(opts.extra ?? [])]);
  let r = 0;
  const scheduler = new Scheduler({
    client: cluster.client,
    registry,
    config: opts.config,
    clock,
    eventRecorder: cluster.recorder,
    // Deterministic tie-breaking: always keep the first best node.
    random: () => (r++ % 1 === 0 ? 0.99 : 0.99),
  });
  cluster.scheduler = scheduler;
  /** Runs cycles until the active queue is empty; returns their outcomes. */
  async function drain(): Promise<CycleOutcome[]> {
    const out: CycleOutcome[] = [];
    for (;;) {
      const o = await scheduler.scheduleOne();
      if (!o) break;
      out.push(o);
      await scheduler.waitForBindings();
    }
    return out;
  }
  return { cluster, clock, scheduler, drain };
}
