import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { HttpKubeClient } from '../../sdk/client/http-kube-client.js';
import { ApiError } from '../../sdk/client/api-error.js';
import { emptyConfig, type CapstanConfig } from '../config/index.js';
import { createLeadership } from '../control-plane/leadership.js';
import { bindControlPlaneServices } from '../control-plane/plugin-services.js';
import { collectPlugins, createPluginHost, defaultBuiltinPluginDir, type PluginHost } from '../plugins/index.js';
import { discoverCa } from './ca-pin.js';

/** How a node agent joins a cluster. */
export interface AgentOptions {
  /** The API server, `https://host:port`. */
  server: string;
  /** A bootstrap token `<id>.<secret>` (capstan token create). */
  token: string;
  /** The pin of the cluster CA (`sha256:...`, printed by `capstan token create --print-join-command`). */
  caCertHash?: string;
  /** The cluster CA as a PEM file, instead of a pin. */
  caFile?: string;
  /** The Node's name (default: the host name, lower-cased). */
  nodeName?: string;
  /** Where the agent keeps its pod volumes and state. */
  dataDir: string;
  /** More configuration (`plugins.config.node-agent`, cni-runner...). */
  config?: CapstanConfig;
  logger?: Logger;
  onProgress?: (step: string) => void;
}

/** A running agent. */
export interface RunningAgent {
  readonly plugins: PluginHost;
  readonly nodeName?: string;
  stop(): Promise<void>;
}

/** The plugins an agent runs: the node agent and what it needs; never controllers or a scheduler. */
const agentPlugins = new Set(['node-agent', 'docker-runtime', 'cni-runner']);

/**
 * Joins a cluster as a node: pins the cluster CA (by hash, or from a file), checks the token,
 * then runs the node-agent plugin (with the container runtime and CNI plugins) against the
 * server. Throws with a clear message when the CA does not match, the token is refused, or the
 * node agent cannot start (no Docker engine).
 */
export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const logger = o.logger ?? pino({ level: process.env.CAPSTAN_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const progress = o.onProgress ?? (() => undefined);
  let ca: string;
  if (o.caFile) ca = readFileSync(o.caFile, 'utf8');
  else if (o.caCertHash) ca = await discoverCa(o.server, o.caCertHash);
  else throw new Error('give --ca-cert-hash (printed by capstan token create --print-join-command) or --ca-file');
  progress('cluster CA pinned');
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: cluster, cluster: {server: "${o.server}", certificate-authority-data: ${Buffer.from(ca).toString('base64')}}}]`,
    `users: [{name: agent, user: {token: "${o.token}"}}]`,
    'contexts: [{name: agent, context: {cluster: cluster, user: agent}}]',
    'current-context: agent',
    '',
  ].join('\n');
  const client = await HttpKubeClient.fromKubeconfig({ yaml: kubeconfig }, { userAgent: 'capstan-agent' });
  try {
    await client.request('GET', '/api');
  } catch (e) {
    client.close();
    if (e instanceof ApiError && e.code === 401)
      throw new Error('the server refused the token: it is wrong or expired (capstan token list shows valid ones)');
    throw e;
  }
  progress(`authenticated to ${o.server}`);
  const base = o.config ?? emptyConfig();
  // Everything but the node agent and its runtime stays off in an agent process.
  const others = (await collectPlugins(base, defaultBuiltinPluginDir()))
    .map((p) => p.manifest.name)
    .filter((n) => !agentPlugins.has(n) && !base.plugins.enable.includes(n));
  const nodeAgentConfig = {
    ...(base.plugins.config['node-agent'] ?? {}),
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
    dataDir: join(o.dataDir, 'agent'),
  };
  const config: CapstanConfig = {
    ...base,
    plugins: {
      ...base.plugins,
      enable: [...base.plugins.enable.filter((n) => n !== 'node-agent'), 'node-agent'],
      disable: [...new Set([...base.plugins.disable, ...others])].filter((n) => !agentPlugins.has(n)),
      config: { ...base.plugins.config, 'node-agent': nodeAgentConfig },
    },
  };
  const plugins = await createPluginHost({
    config,
    logger,
    services: (bind) =>
      bindControlPlaneServices(
        bind,
        () => client,
        createLeadership({ client: () => client, elected: false, identity: 'agent', logger }),
      ),
  });
  await plugins.start();
  const agent = plugins.list().find((p) => p.name === 'node-agent');
  if (agent?.state !== 'running') {
    await plugins.stop();
    client.close();
    throw new Error(`the node agent did not start: ${agent?.error ?? agent?.state ?? 'not loaded'}`);
  }
  progress('node agent running');
  return {
    plugins,
    nodeName: typeof nodeAgentConfig.nodeName === 'string' ? nodeAgentConfig.nodeName : undefined,
    async stop() {
      await plugins.stop();
      client.close();
    },
  };
}
