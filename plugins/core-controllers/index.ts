export { startCoreControllers, type CoreControllersOptions } from './core-controllers.js';
export { GarbageCollectorController, type GarbageCollectorOptions } from './gc/garbage-collector-controller.js';
export { classifyReferences, decideForDependent, type DependentAction, type OwnerLookup } from './gc/gc-decisions.js';
export { OwnerGraph, foregroundDeletionFinalizer, orphanFinalizer } from './gc/owner-graph.js';
export { NamespaceController, kubernetesFinalizer } from './namespace/namespace-controller.js';
export { namespaceDeletionOutcome } from './namespace/namespace-deletion-status.js';
export {
  NodeLifecycleController,
  nodeLeaseNamespace,
  type NodeLifecycleOptions,
} from './node-lifecycle/node-lifecycle-controller.js';
export { NodeHealthTracker, defaultNodeHealthTimes } from './node-lifecycle/node-health.js';
export { EvictionSchedule } from './node-lifecycle/eviction-schedule.js';
export {
  evictionDelay,
  reconcileTaints,
  toleratesTaint,
  taintKeys,
  type Taint,
  type Toleration,
} from './node-lifecycle/taints.js';
export { PodGcController, type PodGcOptions } from './pod-gc/pod-gc-controller.js';
export { EndpointsController } from './endpoints/endpoints-controller.js';
export { EndpointSliceController } from './endpoints/endpoint-slice-controller.js';
export { desiredEndpoints } from './endpoints/desired-endpoints.js';
export { desiredSliceGroups, planSlices, maxEndpointsPerSlice } from './endpoints/endpoint-slice-plan.js';
export { ServiceAccountController } from './service-account/service-account-controller.js';
export { coreControllersPlugin, coreControllersLease } from './core-controllers-plugin.js';
export {
  readCoreControllersConfig,
  coreControllerNames,
  CoreControllersConfigError,
} from './core-controllers-config.js';
import { coreControllersPlugin } from './core-controllers-plugin.js';
export default coreControllersPlugin;
