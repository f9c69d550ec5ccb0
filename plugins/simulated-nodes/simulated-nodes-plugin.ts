import type { Logger as PinoLogger } from 'pino';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import {
  ConfigDocument,
  definePlugin,
  KubeClientService,
  Leadership,
  leadComponent,
  Lifecycle,
  type LedComponent,
  type PluginContext,
} from '../../sdk/plugins/index.js';
import { readSimulatedNodesConfig } from './simulated-nodes-config.js';
import { SimulatedNodes } from './simulated-nodes.js';

/** The Lease that elects the process running the simulated nodes. */
export const simulatedNodesLease = 'capstan-simulated-nodes';

/**
 * The simulated nodes plugin: as many kwok-like nodes as the top-level `simulatedNodes` section
 * (or `capstan up --simulated-nodes N`) asks for; none when it is absent.
 */
export const simulatedNodesPlugin = definePlugin({
  name: 'simulated-nodes',
  version: '0.1.0',
  description: 'kwok-like simulated nodes (simulatedNodes: N): Node objects, Leases, pods moved to Running',
  register({ bind, isBound, logger }) {
    if (!isBound(KubeClientService)) {
      logger.warn({ component: 'simulated-nodes' }, 'no KubeClient service is bound; no simulated nodes');
      return;
    }
    bind<Lifecycle>(Lifecycle).toResolvedValue<[KubeClient, ConfigDocument, Leadership | undefined]>(
      (client, document, leadership) => {
        const wanted = readSimulatedNodesConfig(document['simulatedNodes']);
        let led: LedComponent | undefined;
        return {
          async start(ctx: PluginContext) {
            if (wanted.count === 0) return;
            led = await leadComponent(ctx, leadership, simulatedNodesLease, async (signal) => {
              const nodes = new SimulatedNodes(client, {
                ...wanted,
                clock: ctx.clock,
                logger: ctx.logger as unknown as PinoLogger,
              });
              await nodes.start(signal);
              return nodes;
            });
            ctx.logger.info({ component: 'simulated-nodes', count: wanted.count }, 'simulated nodes starting');
          },
          async stop() {
            await led?.done;
          },
        };
      },
      [KubeClientService, ConfigDocument, { serviceIdentifier: Leadership, optional: true }],
    );
  },
});
