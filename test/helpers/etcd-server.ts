import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './capstan-process.js';

/** True when the etcd binary is installed. */
export function etcdAvailable(): boolean {
  try {
    execFileSync('etcd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A real etcd on free loopback ports with its own data dir. */
export interface EtcdServer {
  /** `etcd://127.0.0.1:PORT` for openStore. */
  url: string;
  /** `http://127.0.0.1:PORT` for the etcd3 client. */
  endpoints: string;
  stop(): Promise<void>;
}

/** Starts etcd and waits until /health answers; `stop` kills it and removes its data. */
export async function startEtcd(): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-etcd-'));
  const client = await freePort();
  const peer = await freePort();
  const metrics = await freePort();
  const child = spawn(
    'etcd',
    [
      '--name',
      'n1',
      '--data-dir',
      dir,
      '--logger=zap',
      '--log-outputs=stderr',
      '--log-level=error',
      '--listen-client-urls',
      `http://127.0.0.1:${client}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${client}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-cluster',
      `n1=http://127.0.0.1:${peer}`,
      '--listen-metrics-urls',
      `http://127.0.0.1:${metrics}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (d) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const endpoints = `http://127.0.0.1:${client}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${endpoints}/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (i > 200 || child.exitCode !== null) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`etcd did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `etcd://127.0.0.1:${client}`,
    endpoints,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
