/** The scheduler framework runtime: the scheduler, its queue, cache and profile configuration. */
export { Scheduler, nodeChangeFlags, type SchedulerOptions, type CycleOutcome } from './scheduler.js';
export { startScheduler, type StartSchedulerOptions, type RunningScheduler } from './run-scheduler.js';
export { SchedulingQueue, type SchedulingQueueOptions, type QueueLocation } from './scheduling-queue.js';
export { SchedulerCache, Snapshot } from './scheduler-cache.js';
export { Framework } from './framework.js';
export {
  DEFAULT_SCHEDULER_NAME,
  defaultMultiPoint,
  expandPoint,
  mergePluginSet,
  numFeasibleNodesToFind,
  resolveProfile,
  resolveProfiles,
  type ResolvedProfile,
} from './profile-config.js';
export { fitErrorMessage, NO_NODES_AVAILABLE, type Diagnosis } from './fit-error.js';
