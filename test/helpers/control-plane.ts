import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startControlPlane, type ControlPlane } from '../../core/control-plane/control-plane.js';

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
  } = {},
): Promise<TestControlPlane> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'capstan-test-'));
  const plane = await startControlPlane({
    dataDir,
    storeUrl: options.storeUrl,
    port: 0,
    watchCacheCapacity: options.watchCacheCapacity,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    namespaceFinalization: options.namespaceFinalization,
    logger: pino({ level: process.env.CAPSTAN_TEST_LOG ?? 'silent' }),
  });
  return Object.assign(plane, {
    async destroy() {
      await plane.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
