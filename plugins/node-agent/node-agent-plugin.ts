import type { KubeClient } from '../../sdk/client/kube-client.js';
import { ContainerRuntime } from '../../sdk/cri/index.js';
import { PodStreamProvider } from '../../sdk/node/index.js';
import {
  Clock,
  ConfigDocument,
  definePlugin,
  KubeClientService,
  Lifecycle,
  Logger,
  type PluginContext,
} from '../../sdk/plugins/index.js';
import { readAgentConfig } from './node-agent-config.js';
import { NodeAgent } from './node-agent.js';

/** Token of this plugin's agent singleton (the Lifecycle and the PodStreamProvider are the same object). */
export const NodeAgentService: unique symbol = Symbol.for('capstan.plugins.node-agent.NodeAgent');

/**
 * The node agent plugin (kubelet-like), off by default (`capstan up` enables it): runs the pods
 * bound to this machine's Node through the container runtime, with the pod network of the CNI
 * runner, and serves their logs, exec, attach and port-forward. Configuration: see
 * `readAgentConfig`. Without a Docker engine it fails to start with a clear message and creates
 * no Node.
 */
export const nodeAgentPlugin = definePlugin({
  name: 'node-agent',
  version: '0.1.0',
  description: 'Node agent (kubelet-like): runs pods bound to this node on the container runtime, with CNI networking',
  enabledByDefault: false,
  requires: ['docker-runtime'],
  optional: ['cni-runner'],
  register({ bind, config, isBound, logger }) {
    if (!isBound(KubeClientService)) {
      logger.warn({ component: 'node-agent' }, 'no KubeClient service is bound; the node agent is inactive');
      return;
    }
    bind(NodeAgentService)
      .toResolvedValue(
        (runtime: ContainerRuntime, client: KubeClient, clock: Clock, document: ConfigDocument, log: Logger) => {
          const plugins = (document['plugins'] ?? {}) as { config?: Record<string, Record<string, unknown>> };
          const options = readAgentConfig(config, plugins.config?.['cni-runner'] ?? {});
          return new NodeAgent(runtime, client, clock, log.child({ component: 'node-agent' }), options);
        },
        [ContainerRuntime, KubeClientService, Clock, ConfigDocument, Logger],
      )
      .inSingletonScope();
    bind<Lifecycle>(Lifecycle).toResolvedValue(
      (agent: NodeAgent) => ({
        async start(_ctx: PluginContext) {
          await agent.start();
        },
        async stop() {
          await agent.stop();
        },
      }),
      [NodeAgentService],
    );
    bind(PodStreamProvider).toService(NodeAgentService);
  },
});
