import Docker from 'dockerode';
import { hostname } from 'node:os';
import { PodNetwork } from '../../sdk/cni/index.js';
import { ContainerRuntime } from '../../sdk/cri/index.js';
import { definePlugin } from '../../sdk/plugins/index.js';
import { DockerRuntime } from './docker-runtime.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Binds `ContainerRuntime` to a Docker engine. Configuration (`plugins.config.docker-runtime`):
 * `owner` (the node name that labels its containers; default the host name), `socketPath`
 * (default DOCKER_HOST or /var/run/docker.sock) and `sandboxImage`. Sandboxes get their network
 * from `PodNetwork` when a network plugin binds one. Nothing connects until the runtime is used.
 */
export const dockerRuntimePlugin = definePlugin({
  name: 'docker-runtime',
  version: '0.1.0',
  description: 'Container runtime on a Docker engine (dockerode): pod sandboxes, containers, logs, exec, images',
  optional: ['cni-runner'],
  register({ bind, config }) {
    bind(ContainerRuntime)
      .toDynamicValue((ctx) => {
        const socketPath = str(config['socketPath']);
        return new DockerRuntime({
          docker: socketPath ? new Docker({ socketPath }) : undefined,
          owner: str(config['owner']) ?? hostname(),
          sandboxImage: str(config['sandboxImage']),
          network: ctx.get<PodNetwork>(PodNetwork, { optional: true }),
        });
      })
      .inSingletonScope();
  },
});
