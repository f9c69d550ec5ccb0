import { writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CapstanConfig } from '../core/config/capstan-config.js';
import { startControlPlane, defaultDataDir, type ControlPlane } from '../core/control-plane/control-plane.js';

/** What `capstan up` and `capstan server` share. */
export interface RunOptions {
  dataDir?: string;
  storeUrl?: string;
  host: string;
  port: number;
  /** The configuration file's content (`--config`). */
  config?: CapstanConfig;
  /** Writes a line for the user (stderr for progress). */
  say: (line: string) => void;
}

/**
 * Starts the control plane, prints how to reach it, writes a pid file, and stops cleanly on
 * SIGINT or SIGTERM. Resolves when the process should exit.
 */
export async function runControlPlane(o: RunOptions): Promise<void> {
  const dataDir = o.dataDir ?? defaultDataDir();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const started = Date.now();
  let plane: ControlPlane;
  try {
    plane = await startControlPlane({
      dataDir,
      storeUrl: o.storeUrl,
      host: o.host,
      port: o.port,
      config: o.config,
      onProgress: (step) => o.say(`  ✓ ${step}`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      throw new Error(
        `port ${o.port} on ${o.host} is in use: is another capstan running? Stop it with 'capstan down' or pick --port`,
      );
    }
    throw e;
  }
  const pidFile = join(plane.dataDir, 'capstan.pid');
  writeFileSync(pidFile, String(process.pid));
  o.say(`Capstan is ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${plane.url}`);
  o.say('');
  o.say(`  export KUBECONFIG=${plane.kubeconfigPath}`);
  o.say('  kubectl get namespaces');
  o.say('');
  o.say('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      o.say(`\n${signal} received, stopping...`);
      void plane.stop().finally(() => {
        rmSync(pidFile, { force: true });
        o.say('stopped');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
