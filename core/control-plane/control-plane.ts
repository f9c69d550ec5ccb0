import { defaultDataDir } from './data-dir.js';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { ApiServer } from '../apiserver/api-server.js';
import { Authenticator } from '../apiserver/auth/authenticator.js';
import { loadOrCreatePki, type ClusterPki } from '../apiserver/auth/pki.js';
import { createDefaultMachinery } from '../apiserver/default-machinery.js';
import { createCrdServing } from '../apiserver/crd/index.js';
import { createOpenApiProvider } from '../apiserver/openapi/index.js';
import { ResourceRegistry } from '../apiserver/registry/resource-registry.js';
import { podBindingHandler, podEvictionHandler } from '../apiserver/handlers/pod-subresources.js';
import { ServiceIpAllocator } from '../apiserver/admission/service-ip-allocator.js';
import { DefaultTolerationSeconds } from '../apiserver/admission/default-toleration-seconds.js';
import { LimitRanger } from '../apiserver/admission/limit-ranger.js';
import { ResourceQuotaAdmission } from '../apiserver/admission/resource-quota-admission.js';
import { limitRangeResourceType } from '../api-types/core-v1/limit-range-type.js';
import { resourceQuotaResourceType } from '../api-types/core-v1/resource-quota-type.js';
import { handleReview } from '../apiserver/reviews/review-handler.js';
import { reviewResourceTypes } from '../apiserver/reviews/review-types.js';
import { allBuiltinResourceTypes } from '../api-types/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { ensureBootstrapObjects } from './bootstrap-objects.js';
import type { CapstanConfig } from '../config/capstan-config.js';
import { createPluginHost, registerApiGroups, type PluginHost, type PluginHostOptions } from '../plugins/index.js';
import { adminKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { createLeadership, type LeaseTimings } from './leadership.js';
import { startControlPlaneScheduler } from './control-plane-scheduler.js';
import { bindControlPlaneServices } from './plugin-services.js';
import { addComponentHealthChecks } from './component-health.js';
import { HttpKubeClient } from '../../sdk/client/http-kube-client.js';
import { staticTransport } from '../../sdk/client/static-transport.js';
import { hostname } from 'node:os';
import { setMaxListeners } from 'node:events';
import { randomUUID } from 'node:crypto';
import { registerPodStreamHandlers } from '../apiserver/pod-streams/index.js';
import { PodStreamProvider } from '../../sdk/node/pod-streams.js';

/** How to start a control plane. */
export interface ControlPlaneOptions {
  /** Where the store file, PKI and kubeconfig live (default `~/.capstan`). */
  dataDir?: string;
  /** Store URL (`sqlite:///path`, `etcd://host:port`, `memory://`); default SQLite in the data dir. */
  storeUrl?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: Logger;
  /** Called with a short text as each start step completes (the CLI prints it). */
  onProgress?: (step: string) => void;
  /** Window of recent events the watch cache keeps (default 50,000). */
  watchCacheCapacity?: number;
  /** How often watches that allow bookmarks get one (default 60 s). */
  bookmarkIntervalMs?: number;
  /**
   * Namespaces go Terminating on delete and wait for a namespace controller to empty them and
   * call `finalize` (default false until that controller runs in the process).
   */
  namespaceFinalization?: boolean;
  /** How often to compact store history, and how many revisions to keep. */
  compaction?: { intervalMs: number; keepRevisions: number };
  /** The configuration file's content (`--config`): which plugins run, with what settings. Default: built-ins only. */
  config?: CapstanConfig;
  /** Folder of the built-in plugins (default `dist/plugins`); null loads none. */
  builtinPluginDir?: string | null;
  /** Binds more services plugins may inject, before plugins register; see PluginHostOptions.services. */
  pluginServices?: PluginHostOptions['services'];
  /**
   * Whether the controllers, the scheduler and the simulated nodes are leader-elected through
   * Leases in kube-system (default: true on etcd, where several servers may share the store;
   * false on SQLite and memory, which only this process opens).
   */
  leaderElection?: boolean | LeaseTimings;
  /** Run the scheduler (default true, when a plugin contributes scheduler plugins). */
  scheduler?: boolean;
}

/** A running control plane. */
export interface ControlPlane {
  readonly api: ApiServer;
  readonly registry: ResourceRegistry;
  readonly store: Store;
  readonly pki: ClusterPki;
  /** `https://host:port` */
  readonly url: string;
  /** The admin kubeconfig's path, and its text. */
  readonly kubeconfigPath: string;
  readonly kubeconfig: string;
  readonly dataDir: string;
  /** The plugin host: started after the API server serves, stopped before it. */
  readonly plugins: PluginHost;
  stop(): Promise<void>;
}

export { defaultDataDir };

/**
 * Opens the store, loads or creates the PKI, registers the built-in kinds, starts the API server,
 * creates the system namespaces and writes the admin kubeconfig.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const logger = options.logger ?? pino({ level: process.env.CAPSTAN_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const progress = options.onProgress ?? (() => undefined);
  const storeUrl = options.storeUrl ?? `sqlite://${join(dataDir, 'state.db')}`;
  // The control plane's own client exists once the API server serves; plugins resolve it in start().
  let kubeClient: HttpKubeClient | undefined;
  const clientOf = (): HttpKubeClient => {
    if (!kubeClient) throw new Error('the control plane client is available once the API server serves');
    return kubeClient;
  };
  const elected = options.leaderElection ?? storeUrl.startsWith('etcd');
  const leadership = createLeadership({
    client: clientOf,
    elected: elected !== false,
    identity: `${hostname()}_${randomUUID()}`,
    timings: typeof elected === 'object' ? elected : undefined,
    logger: logger.child({ component: 'leadership' }),
  });
  const plugins = await createPluginHost({
    config: options.config,
    builtinDir: options.builtinPluginDir,
    logger,
    services: (bind) => {
      bindControlPlaneServices(bind, clientOf, leadership);
      options.pluginServices?.(bind);
    },
  });
  const store = await openStore(storeUrl);
  progress(`store ready (${storeUrl.replace(/\/\/[^@/]*@/, '//')})`);
  const host = options.host ?? '127.0.0.1';
  const pki = loadOrCreatePki(join(dataDir, 'pki'), [host]);
  progress('certificates ready');
  const registry = new ResourceRegistry();
  registry.register(...allBuiltinResourceTypes(), ...reviewResourceTypes);
  try {
    registerApiGroups(plugins, registry);
  } catch (e) {
    await plugins.stop();
    await store.close();
    throw e;
  }
  const crds = createCrdServing(registry, logger.child({ component: 'crd-controller' }));
  const machinery = crds.wrapMachinery(createDefaultMachinery(registry));
  const api = new ApiServer({
    store,
    registry,
    machinery,
    openapi: createOpenApiProvider(registry, { extraDefinitions: () => crds.extraDefinitions() }),
    authenticator: new Authenticator(),
    pki,
    logger: logger.child({ component: 'apiserver' }),
    host,
    port: options.port ?? 6443,
    watchCacheCapacity: options.watchCacheCapacity,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    admission: (storage, countsOf) => [
      new ServiceIpAllocator(storage),
      new DefaultTolerationSeconds(),
      new LimitRanger(storage, limitRangeResourceType, countsOf(limitRangeResourceType)),
      new ResourceQuotaAdmission(storage, { countIn: countsOf(resourceQuotaResourceType) }),
    ],
  });
  for (const t of reviewResourceTypes) {
    api.addCollectionHandler(t.group, t.plural, {
      handle: ({ req, res, user }) => handleReview(t.plural, req, res, user, machinery),
    });
  }
  api.handler.namespaceFinalization = options.namespaceFinalization ?? false;
  api.addSubresourceHandler('', 'pods', 'binding', podBindingHandler(api.storage));
  api.addSubresourceHandler('', 'pods', 'eviction', podEvictionHandler(api.handler));
  // pods/log, exec, attach, portforward: served by the node agents bound in the plugin host.
  registerPodStreamHandlers(api, () =>
    plugins.container.isBound(PodStreamProvider) ? plugins.container.getAll<PodStreamProvider>(PodStreamProvider) : [],
  );
  let bound: { host: string; port: number };
  try {
    bound = await api.start();
  } catch (e) {
    await plugins.stop();
    await store.close();
    throw e;
  }
  const url = `https://${bound.host.includes(':') ? `[${bound.host}]` : bound.host}:${bound.port}`;
  progress(`API server listening on ${url}`);
  await crds.start(api);
  await ensureBootstrapObjects(api, (g, v, p) => registry.lookup(g, v, p), bound);
  const kubeconfigPath = join(dataDir, 'kubeconfig.yaml');
  const kubeconfig = adminKubeconfig(url, pki);
  writeKubeconfig(kubeconfigPath, kubeconfig);
  kubeClient = new HttpKubeClient(
    staticTransport({ server: url, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }),
  );
  const compaction = options.compaction ?? { intervalMs: 5 * 60_000, keepRevisions: 10_000 };
  const compactor = setInterval(() => {
    void (async () => {
      const rev = await store.currentRevision();
      const target = rev - compaction.keepRevisions;
      if (target > (await store.compactedRevision())) await store.compact(target);
    })().catch((err) => logger.warn({ component: 'compactor', err }, 'compaction failed'));
  }, compaction.intervalMs);
  compactor.unref();
  try {
    await plugins.start();
  } catch (e) {
    clearInterval(compactor);
    crds.stop();
    await api.stop();
    await store.close();
    throw e;
  }
  progress(`plugins started (${plugins.list().filter((p) => p.state === 'running').length} running)`);
  // Namespaces wait for their contents to go once a namespace controller empties them.
  if (options.namespaceFinalization === undefined)
    api.handler.namespaceFinalization = plugins
      .list()
      .some((p) => p.name === 'core-controllers' && p.state === 'running');
  const components = new AbortController();
  setMaxListeners(0, components.signal);
  const scheduler =
    options.scheduler === false
      ? undefined
      : await startControlPlaneScheduler({
          plugins,
          client: kubeClient,
          leadership,
          config: options.config?.scheduler,
          logger: logger.child({ component: 'scheduler' }),
          signal: components.signal,
        });
  if (scheduler) progress('scheduler started');
  addComponentHealthChecks(
    api,
    plugins,
    options.scheduler === false ? 'off' : scheduler !== undefined ? 'running' : 'missing',
  );
  api.metrics.info('capstan_store_info', 'The store this API server writes to (driver: sqlite, etcd or memory).', {
    driver: storeUrl.split(':')[0] ?? 'unknown',
  });
  let stopped = false;
  return {
    api,
    registry,
    store,
    pki,
    url,
    kubeconfigPath,
    kubeconfig,
    dataDir,
    plugins,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(compactor);
      components.abort();
      await scheduler?.done;
      await plugins.stop();
      kubeClient?.close();
      crds.stop();
      await api.stop();
      await store.close();
    },
  };
}
