import type { Logger as PinoLogger } from 'pino';
import type { KubeClient } from '../../../sdk/client/index.js';
import {
  definePlugin,
  KubeClientService,
  Leadership,
  leadComponent,
  Lifecycle,
  type LedComponent,
  type PluginContext,
} from '../../../sdk/plugins/index.js';
import { installWebAppCrd } from './webapp-crd.js';
import { startWebAppOperator } from './webapp-operator.js';

/**
 * The operator as a Capstan plugin: `capstan up --config FILE` with `plugins.paths` naming this
 * module runs the WebApp controller inside the control plane, on its client, leader-elected when
 * the control plane is. It installs the WebApp CRD on start.
 */
export default definePlugin({
  name: 'webapp-operator',
  version: '0.1.0',
  description: 'WebApp operator (apps.capstan.dev): a Deployment, a Service and a ConfigMap per WebApp',
  register({ bind }) {
    bind<Lifecycle>(Lifecycle).toResolvedValue<[KubeClient, Leadership | undefined]>(
      (client, leadership) => {
        let led: LedComponent | undefined;
        return {
          async start(ctx: PluginContext) {
            await installWebAppCrd(client);
            led = await leadComponent(ctx, leadership, 'webapp-operator', () =>
              startWebAppOperator(client, { logger: ctx.logger as unknown as PinoLogger }),
            );
          },
          async stop() {
            await led?.done;
          },
        };
      },
      [KubeClientService, { serviceIdentifier: Leadership, optional: true }],
    );
  },
});
