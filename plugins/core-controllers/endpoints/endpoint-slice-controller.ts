import { NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { splitKey } from '../shared/object-key.js';
import {
  desiredSliceGroups,
  endpointSliceControllerName,
  managedByLabel,
  maxEndpointsPerSlice,
  planSlices,
  serviceNameLabel,
  type EndpointSlice,
} from './endpoint-slice-plan.js';
import { serviceHasSelector } from './pod-endpoint.js';
import { ServiceEndpointsBase, zoneOf } from './service-endpoints-base.js';

/**
 * The EndpointSlice controller: keeps the discovery.k8s.io/v1 EndpointSlices of each Service with a
 * selector (labelled `kubernetes.io/service-name`, owned by the Service, at most 100 endpoints each,
 * with ready/serving/terminating conditions). Slices of a deleted Service go with the garbage collector.
 */
export class EndpointSliceController extends ServiceEndpointsBase {
  constructor(
    client: KubeClient,
    deps: { clock: Clock; logger: Logger },
    private readonly maxPerSlice = maxEndpointsPerSlice,
  ) {
    super(client, deps, 'endpointslice-controller', true);
  }

  protected async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    if (!svc || !serviceHasSelector(svc) || svc.metadata.deletionTimestamp) return;
    const addressType = (svc.spec?.ipFamilies?.[0] as 'IPv4' | 'IPv6' | undefined) ?? 'IPv4';
    const desired = desiredSliceGroups(svc, this.pods.list(namespace), (n) => zoneOf(this.nodes?.get(n)), addressType);
    // Read the slices from the server, not a cache, so a quick second sync never duplicates them.
    const existing = (
      await this.client.list(builtin.endpointSlices, {
        namespace,
        labelSelector: `${serviceNameLabel}=${name},${managedByLabel}=${endpointSliceControllerName}`,
      })
    ).items as EndpointSlice[];
    const plan = planSlices(svc, desired, existing, addressType, this.maxPerSlice);
    for (const s of plan.create) await this.client.create(builtin.endpointSlices, s);
    for (const s of plan.update) await this.client.update(builtin.endpointSlices, s);
    for (const s of plan.delete) {
      await this.client.delete(builtin.endpointSlices, s.metadata.name!, namespace).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
    }
  }
}
