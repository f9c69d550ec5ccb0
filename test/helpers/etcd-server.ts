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
  /** Stops etcd and starts it again on the same ports and data (for reconnection tests). */
  restart(): Promise<void>;
  /** Kills etcd and removes its data dir. */
  stop(): Promise<void>;
}

/** Starts etcd and waits until /health answers; `stop` kills it and removes its data. */
export async function startEtcd(): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-etcd-'));
  const client = await freePort();
  const peer = await freePort();
  const metrics = await freePort();
  const endpoints = `http://127.0.0.1:${client}`;
  const args = [
    '--name',
    'n1',
    '--data-dir',
    dir,
    '--logger=zap',
    '--log-outputs=stderr',
    '--log-level=error',
    '--listen-client-urls',
    endpoints,
    '--advertise-client-urls',
    endpoints,
    '--listen-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peer}`,
    '--initial-cluster',
    `n1=http://127.0.0.1:${peer}`,
    '--listen-metrics-urls',
    `http://127.0.0.1:${metrics}`,
  ];
  let running: Running;
  try {
    running = await launch(args, endpoints);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `etcd://127.0.0.1:${client}`,
    endpoints,
    async restart() {
      await running.kill('SIGTERM');
      running = await launch(args, endpoints);
    },
    async stop() {
      await running.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Running {
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Spawns etcd with `args` and resolves once `endpoints`/health answers (kills it on failure). */
async function launch(args: string[], endpoints: string): Promise<Running> {
  const child = spawn('etcd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => (log = (log + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const running: Running = {
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${endpoints}/health`);
      if (r.ok) return running;
    } catch {
      // not up yet
    }
    if (i > 200 || child.exitCode !== null) {
      await running.kill('SIGKILL');
      throw new Error(`etcd did not start:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
