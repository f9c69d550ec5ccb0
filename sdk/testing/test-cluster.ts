import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { HttpKubeClient, type HttpKubeClientOptions } from '../client/http-kube-client.js';
import { staticTransport } from '../client/static-transport.js';
import type { CrdDocument } from '../codegen/crd-document.js';
import { installCrds, type CrdSource } from './crd-install.js';
import { seedPkiFromCache, storePkiInCache } from './test-pki-cache.js';

/** How to start a test cluster. */
export interface TestClusterOptions {
  /**
   * Simulated (kwok-like) nodes that run pods without containers: a count, or the `simulatedNodes`
   * mapping of the configuration file (`{ count, namePrefix, capacity, labels, taints }`).
   * Default 1; 0 for none.
   */
  simulatedNodes?: number | Record<string, unknown>;
  /** CRDs to install before the cluster is handed over: objects, or files, folders or URLs of YAML. */
  crds?: readonly CrdSource[];
  /** Plugins beyond the built-ins, and switches of the built-ins, as under `plugins:` in the configuration file. */
  plugins?: {
    /** Plugin folders, files or npm package names, resolved from `baseDir`. */
    paths?: readonly string[];
    enable?: readonly string[];
    disable?: readonly string[];
    /** Each plugin's settings, by plugin name. */
    config?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
  /** Where relative plugin paths resolve from (default the working directory). */
  baseDir?: string;
  /** pino level of the control plane's logs, on stderr (default `$CAPSTAN_TEST_LOG` or `silent`). */
  logLevel?: string;
  /**
   * Reuse one generated PKI for every test cluster of this user (default true): RSA key generation
   * is most of a cold start. The certificates are cached in a 0700 folder of the temp dir; they
   * secure loopback test clusters only. False generates a new PKI.
   */
  cachedPki?: boolean;
  /** How long to wait for the CRDs to become Established (default 10 s). */
  crdTimeoutMs?: number;
}

/** A running in-process control plane for tests. */
export interface TestCluster {
  /** An admin client of the cluster. */
  readonly client: HttpKubeClient;
  /** The admin kubeconfig: its file (kubectl --kubeconfig) and its text. */
  readonly kubeconfig: { readonly path: string; readonly text: string };
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The cluster's temporary data dir (removed by `stop`). */
  readonly dataDir: string;
  /** The CRDs installed at start. */
  readonly crds: readonly CrdDocument[];
  /** Milliseconds `startTestCluster` took, and of these the loading of the core's modules. */
  readonly timings: { readonly startMs: number; readonly importMs: number };
  /** Another admin client (e.g. with its own fieldManager); closed by `stop`. */
  newClient(options?: HttpKubeClientOptions): Promise<HttpKubeClient>;
  /** Installs more CRDs and waits until they are Established. */
  installCrds(crds: readonly CrdSource[], options?: { timeoutMs?: number }): Promise<CrdDocument[]>;
  /**
   * Stops the controllers, nodes and API server, closes the clients and deletes the data dir.
   * Idempotent; leaves no timers or sockets behind.
   */
  stop(): Promise<void>;
}

/**
 * Starts a Capstan control plane in this process for a test: memory store, an API server on a free
 * loopback port, the built-in plugins (garbage collector, namespace and workload controllers,
 * scheduler) with `simulatedNodes` simulated nodes, no leader election, and the given CRDs
 * installed and Established. Unlike envtest, the controllers run: owned objects are garbage
 * collected and Deployments get pods. Always call `stop()` (in `test.after.always`).
 */
export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const started = performance.now();
  // The core loads only here: the rest of the SDK never imports it.
  const { startControlPlane } = await import('../../core/control-plane/control-plane.js');
  const importMs = performance.now() - started;
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-test-cluster-'));
  const cachedPki = options.cachedPki ?? true;
  const seeded = cachedPki && seedPkiFromCache(dataDir);
  const clients: HttpKubeClient[] = [];
  let plane: Awaited<ReturnType<typeof startControlPlane>> | undefined;
  try {
    plane = await startControlPlane({
      dataDir,
      storeUrl: 'memory://',
      host: '127.0.0.1',
      port: 0,
      leaderElection: false,
      logger: pino({ level: options.logLevel ?? process.env.CAPSTAN_TEST_LOG ?? 'silent' }, pino.destination(2)),
      config: {
        plugins: {
          enable: [...(options.plugins?.enable ?? [])],
          disable: [...(options.plugins?.disable ?? [])],
          required: [],
          paths: [...(options.plugins?.paths ?? [])],
          config: { ...(options.plugins?.config ?? {}) },
        },
        simulatedNodes: options.simulatedNodes ?? 1,
        source: '<startTestCluster>',
        baseDir: resolve(options.baseDir ?? process.cwd()),
      },
    });
    if (cachedPki && !seeded) storePkiInCache(dataDir);
    const newClient = async (o?: HttpKubeClientOptions) => {
      const { pki, url } = plane!;
      const c = new HttpKubeClient(
        staticTransport({ server: url, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }),
        o,
      );
      clients.push(c);
      return c;
    };
    const client = await newClient({ userAgent: 'capstan-test-cluster' });
    const crds = options.crds?.length
      ? await installCrds(client, options.crds, { timeoutMs: options.crdTimeoutMs })
      : [];
    const running = plane;
    let stopping: Promise<void> | undefined;
    return {
      client,
      kubeconfig: { path: running.kubeconfigPath, text: running.kubeconfig },
      url: running.url,
      dataDir,
      crds,
      timings: { startMs: performance.now() - started, importMs },
      newClient,
      installCrds: (more, o) => installCrds(client, more, { timeoutMs: o?.timeoutMs ?? options.crdTimeoutMs }),
      stop() {
        stopping ??= (async () => {
          for (const c of clients) c.close();
          await running.stop();
          rmSync(dataDir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (err) {
    for (const c of clients) c.close();
    await plane?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
