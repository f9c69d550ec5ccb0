import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { Clock } from '../../sdk/plugins/clock.js';
import type { Logger } from '../../sdk/plugins/logger.js';
import { EndpointSliceController } from './endpoints/endpoint-slice-controller.js';
import { EndpointsController } from './endpoints/endpoints-controller.js';
import { GarbageCollectorController, type GarbageCollectorOptions } from './gc/garbage-collector-controller.js';
import { NamespaceController } from './namespace/namespace-controller.js';
import { NodeLifecycleController, type NodeLifecycleOptions } from './node-lifecycle/node-lifecycle-controller.js';
import { PodGcController, type PodGcOptions } from './pod-gc/pod-gc-controller.js';
import { ResourceQuotaController, type ResourceQuotaControllerOptions } from './quota/resource-quota-controller.js';
import { ServiceAccountController } from './service-account/service-account-controller.js';

/** Which core controllers run, and their settings. */
export interface CoreControllersOptions {
  readonly garbageCollector?: false | GarbageCollectorOptions;
  readonly namespace?: false;
  readonly nodeLifecycle?: false | NodeLifecycleOptions;
  readonly podGc?: false | PodGcOptions;
  readonly endpoints?: false;
  readonly endpointSlices?: false | { maxEndpointsPerSlice?: number };
  readonly serviceAccounts?: false;
  readonly resourceQuota?: false | ResourceQuotaControllerOptions;
}

/**
 * Starts the kube-controller-manager controllers of this plugin against `client` (each returns once
 * its watches have listed); they run until `signal` aborts. The API server must run with namespace
 * finalization on when the namespace controller runs.
 */
export async function startCoreControllers(
  client: KubeClient,
  deps: { clock: Clock; logger: Logger },
  signal: AbortSignal,
  options: CoreControllersOptions = {},
): Promise<void> {
  const starts: Array<Promise<void>> = [];
  if (options.garbageCollector !== false)
    starts.push(new GarbageCollectorController(client, deps, options.garbageCollector ?? {}).start(signal));
  if (options.namespace !== false) starts.push(new NamespaceController(client, deps).start(signal));
  if (options.serviceAccounts !== false) starts.push(new ServiceAccountController(client, deps).start(signal));
  if (options.nodeLifecycle !== false)
    starts.push(new NodeLifecycleController(client, deps, options.nodeLifecycle ?? {}).start(signal));
  if (options.podGc !== false) starts.push(new PodGcController(client, deps, options.podGc ?? {}).start(signal));
  if (options.endpoints !== false) starts.push(new EndpointsController(client, deps).start(signal));
  if (options.endpointSlices !== false)
    starts.push(new EndpointSliceController(client, deps, options.endpointSlices?.maxEndpointsPerSlice).start(signal));
  if (options.resourceQuota !== false)
    starts.push(new ResourceQuotaController(client, deps, options.resourceQuota ?? {}).start(signal));
  await Promise.all(starts);
}
