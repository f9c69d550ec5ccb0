import type { ResourceType } from '../../sdk/api/resource-type.js';
import { controllerRevisionResourceType } from './controller-revision-type.js';
import { cronJobResourceType } from './cronjob-type.js';
import { daemonSetResourceType } from './daemonset-type.js';
import { deploymentResourceType } from './deployment-type.js';
import { jobResourceType } from './job-type.js';
import { replicaSetResourceType } from './replicaset-type.js';
import { statefulSetResourceType } from './statefulset-type.js';

export { defaultDeployment } from './deployment-type.js';
export { defaultStatefulSet } from './statefulset-type.js';
export { defaultDaemonSet } from './daemonset-type.js';
export { defaultJob, jobLabels } from './job-type.js';
export { defaultCronJob, scheduleProblem } from './cronjob-type.js';

/** The apps/v1 and batch/v1 resource types (served by the workloads plugin). */
export const resourceTypes: ResourceType[] = [
  deploymentResourceType,
  replicaSetResourceType,
  statefulSetResourceType,
  daemonSetResourceType,
  controllerRevisionResourceType,
  jobResourceType,
  cronJobResourceType,
];
