import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { AlreadyExistsError, ConflictError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Clock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { splitKey } from '../shared/object-key.js';
import { desiredEndpoints, overCapacityAnnotation, type EndpointSubset } from './desired-endpoints.js';
import { serviceHasSelector } from './pod-endpoint.js';
import { ServiceEndpointsBase } from './service-endpoints-base.js';

interface EndpointsObject extends KubeObject {
  subsets?: EndpointSubset[];
}

/**
 * The Endpoints controller: keeps the v1 Endpoints object of each Service with a selector equal to
 * the addresses of its selected pods, and deletes it when the Service goes.
 */
export class EndpointsController extends ServiceEndpointsBase {
  constructor(client: KubeClient, deps: { clock: Clock; logger: Logger }) {
    super(client, deps, 'endpoints-controller');
  }

  protected async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.get(key);
    if (!svc) {
      await this.client.delete(builtin.endpoints, name, namespace).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
      return;
    }
    if (!serviceHasSelector(svc)) return;
    const want = desiredEndpoints(svc, this.pods.list(namespace));
    let current: EndpointsObject | undefined;
    try {
      current = await this.client.get(builtin.endpoints, name, namespace);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (want.truncated) annotations[overCapacityAnnotation] = 'truncated';
    else delete annotations[overCapacityAnnotation];
    if (
      current &&
      JSON.stringify(current.subsets ?? []) === JSON.stringify(want.subsets) &&
      JSON.stringify(current.metadata.labels ?? {}) === JSON.stringify(want.labels) &&
      JSON.stringify(current.metadata.annotations ?? {}) === JSON.stringify(annotations)
    ) {
      return;
    }
    const body: EndpointsObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        ...(current?.metadata ?? { name, namespace }),
        labels: want.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      subsets: want.subsets,
    };
    if (!body.metadata.annotations) delete body.metadata.annotations;
    try {
      if (current) await this.client.update(builtin.endpoints, body);
      else await this.client.create(builtin.endpoints, body);
    } catch (err) {
      if (err instanceof ConflictError || err instanceof AlreadyExistsError) {
        this.queue.add(key);
        return;
      }
      throw err;
    }
  }
}
