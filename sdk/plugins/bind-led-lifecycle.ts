import type { KubeClient } from '../client/kube-client.js';
import type { PluginRegistrationContext } from './capstan-plugin.js';
import { ConfigDocument } from './config-document.js';
import { KubeClientService } from './kube-client-service.js';
import { leadComponent, type LedComponent, type StoppableComponent } from './lead-component.js';
import { Leadership } from './leadership.js';
import { Lifecycle, type PluginContext } from './lifecycle.js';

/** A leader-elected component of a plugin, run with the control plane's client. */
export interface LedLifecycle {
  /** The `component` field of the plugin's log lines. */
  readonly component: string;
  /** The Lease in kube-system electing the process that runs it. */
  readonly lease: string;
  /** Whether the configuration wants the component at all (default yes); when not, nothing campaigns. */
  wanted?(document: ConfigDocument): boolean;
  /**
   * Starts the component while this process leads; it must stop when `signal` aborts or when the
   * returned component's `stop` is called. Throwing fails the plugin when the work is not elected.
   */
  start(
    client: KubeClient,
    ctx: PluginContext,
    signal: AbortSignal,
    document: ConfigDocument,
  ): Promise<StoppableComponent>;
}

/**
 * Binds a Lifecycle that runs a component through {@link leadComponent} with the KubeClientService,
 * the ConfigDocument and the Leadership service when bound. Without a KubeClientService it binds
 * nothing and logs why; returns whether it bound.
 */
export function bindLedLifecycle(reg: PluginRegistrationContext, o: LedLifecycle): boolean {
  if (!reg.isBound(KubeClientService)) {
    reg.logger.warn({ component: o.component }, `no KubeClient service is bound; ${o.component} stays off`);
    return false;
  }
  reg.bind<Lifecycle>(Lifecycle).toResolvedValue<[KubeClient, ConfigDocument, Leadership | undefined]>(
    (client, document, leadership) => {
      let led: LedComponent | undefined;
      return {
        async start(ctx: PluginContext) {
          if (o.wanted && !o.wanted(document)) return;
          led = await leadComponent(ctx, leadership, o.lease, (signal) => o.start(client, ctx, signal, document));
        },
        async stop() {
          await led?.done;
        },
      };
    },
    [KubeClientService, ConfigDocument, { serviceIdentifier: Leadership, optional: true }],
  );
  return true;
}
