/**
 * The default kube-scheduler plugins as a Capstan plugin: it contributes one
 * SchedulerPluginRegistration per in-tree scheduler plugin; the scheduler's configuration decides
 * which run.
 */
import { definePlugin } from '../../sdk/plugins/index.js';
import { SchedulerPluginRegistration } from '../../sdk/scheduler/index.js';
import { inTreeRegistrations } from './registrations.js';

export { names } from './names.js';
export { inTreeRegistrations } from './registrations.js';
export { DefaultBinderPlugin } from './default-binder-plugin.js';
export { DefaultPreemptionPlugin, splitByPdbViolation, effectivePriority } from './default-preemption-plugin.js';
export { ImageLocalityPlugin, normalizedImageName } from './image-locality-plugin.js';
export { InterPodAffinityPlugin } from './inter-pod-affinity-plugin.js';
export { NodeAffinityPlugin, podMatchesNodeSelectorAndAffinity } from './node-affinity-plugin.js';
export { NodePortsPlugin } from './node-ports-plugin.js';
export {
  NodeResourcesFitPlugin,
  BalancedAllocationPlugin,
  fitsRequest,
  leastRequestedScore,
  mostRequestedScore,
  balancedResourceScorer,
  brokenLinear,
} from './node-resources-fit-plugin.js';
export { PodTopologySpreadPlugin } from './pod-topology-spread-plugin.js';
export {
  NodeNamePlugin,
  NodeUnschedulablePlugin,
  PrioritySortPlugin,
  SchedulingGatesPlugin,
  TaintTolerationPlugin,
} from './simple-plugins.js';

export default definePlugin({
  name: 'scheduler-defaults',
  version: '0.1.0',
  description: 'kube-scheduler default plugins (PrioritySort, NodeResourcesFit, TaintToleration, ... DefaultBinder)',
  register({ bind }) {
    for (const r of inTreeRegistrations()) bind(SchedulerPluginRegistration).toConstantValue(r);
  },
});
