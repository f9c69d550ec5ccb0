import { workloadControllersPlugin } from './workload-controllers-plugin.js';

export {
  workloadControllersPlugin,
  KubeClientService,
  readWorkloadPluginConfig,
} from './workload-controllers-plugin.js';
export {
  addWorkloadControllers,
  startWorkloadControllers,
  workloadControllerNames,
  type WorkloadControllerOptions,
  type RunningWorkloadControllers,
} from './workload-controllers.js';
export { planDeploymentSync, type DeploymentAction, type DeploymentSyncPlan } from './deployment-sync.js';
export { replicaSetPodDiff, replicaSetStatus } from './replica-set-logic.js';
export { planJobSync, jobExpiresAt, type JobAction, type JobSyncPlan } from './job-logic.js';
export { planCronJobSync, mostRecentScheduleTime, type CronJobAction, type CronJobSyncPlan } from './cron-job-logic.js';
export { parseCronSchedule, CronParseError, type CronSchedule } from './cron-schedule.js';
export { computePodTemplateHash, podTemplateHashLabel } from './pod-template-hash.js';
export type * from './workload-types.js';

export default workloadControllersPlugin;
export { planDaemonSetSync, nodeShouldRunDaemonPod, daemonPod } from './daemon-set-logic.js';
