import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { Bind } from '../../sdk/di.js';
import { KubeClientService } from '../../sdk/plugins/kube-client-service.js';
import { Leadership } from '../../sdk/plugins/leadership.js';

/**
 * Binds the services the control plane offers every plugin: its KubeClient (resolved lazily, once
 * the API server serves) and its Leadership. `capstan plugins list` binds the same tokens so that
 * plugins register the same contributions as in a running cluster.
 */
export function bindControlPlaneServices(bind: Bind, client: () => KubeClient, leadership: Leadership): void {
  bind(KubeClientService).toDynamicValue(client);
  bind(Leadership).toConstantValue(leadership);
}

/** A Leadership for hosts that never start their plugins (listing): running work is refused. */
export const inertLeadership: Leadership = {
  elected: false,
  whileLeading: () => Promise.reject(new Error('this plugin host does not run plugins')),
};
