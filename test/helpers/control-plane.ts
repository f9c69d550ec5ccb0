import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startControlPlane, type ControlPlane } from '../../core/control-plane/control-plane.js';
import { emptyConfig } from '../../core/config/index.js';
import type { CapstanConfig } from '../../core/config/capstan-config.js';

/** The plugins that run controllers or nodes: off unless a test asks for the whole cluster. */
const componentPlugins = ['core-controllers', 'workload-controllers', 'simulated-nodes'];

/** A control plane on a free loopback port with its own data dir, removed on stop. */
export interface TestControlPlane extends ControlPlane {
  /** Stops the control plane and deletes its data dir. */
  destroy(): Promise<void>;
}

/** Starts a control plane for a test (SQLite in a temp dir unless `storeUrl` is given). */
export async function startTestControlPlane(
  options: {
    storeUrl?: string;
    dataDir?: string;
    watchCacheCapacity?: number;
    bookmarkIntervalMs?: number;
    namespaceFinalization?: boolean;
    /**
     * Run the scheduler, the controllers and the simulated nodes as `capstan up` does (default
     * false: a bare API server, for tests that start their own components).
     */
    components?: boolean;
    /** The configuration (default: built-ins, with the component plugins off unless `components`). */
    config?: CapstanConfig;
  } = {},
): Promise<TestControlPlane> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'capstan-test-'));
  const plane = await startControlPlane({
    dataDir,
    storeUrl: options.storeUrl,
    port: 0,
    watchCacheCapacity: options.watchCacheCapacity,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    namespaceFinalization: options.namespaceFinalization ?? (options.components ? undefined : false),
    scheduler: options.components ?? false,
    config:
      options.config ??
      (options.components
        ? undefined
        : { ...emptyConfig(), plugins: { ...emptyConfig().plugins, disable: componentPlugins } }),
    logger: pino({ level: process.env.CAPSTAN_TEST_LOG ?? 'silent' }),
  });
  return Object.assign(plane, {
    async destroy() {
      await plane.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
