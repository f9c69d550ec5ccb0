import type { Logger as PinoLogger } from 'pino';
import { bindLedLifecycle, definePlugin } from '../../sdk/plugins/index.js';
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
  register(reg) {
    bindLedLifecycle(reg, {
      component: 'simulated-nodes',
      lease: simulatedNodesLease,
      wanted: (document) => readSimulatedNodesConfig(document['simulatedNodes']).count > 0,
      async start(client, ctx, signal, document) {
        const wanted = readSimulatedNodesConfig(document['simulatedNodes']);
        ctx.logger.info({ component: 'simulated-nodes', count: wanted.count }, 'simulated nodes starting');
        const nodes = new SimulatedNodes(client, {
          ...wanted,
          clock: ctx.clock,
          logger: ctx.logger as unknown as PinoLogger,
        });
        await nodes.start(signal);
        return nodes;
      },
    });
  },
});
