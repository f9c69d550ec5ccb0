import { Command, Flags } from '@oclif/core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `capstan down`: stops a running `capstan up` or `capstan server` through its pid file. */
export default class Down extends Command {
  static override summary = 'Stop the cluster that `capstan up` started (through its pid file).';
  static override examples = ['<%= config.bin %> down', '<%= config.bin %> down --data-dir /tmp/capstan'];
  static override flags = {
    'data-dir': Flags.string({
      description: 'data directory of the running cluster (default ~/.capstan)',
      env: 'CAPSTAN_DATA_DIR',
    }),
    timeout: Flags.integer({ description: 'seconds to wait for it to stop', default: 30, min: 1 }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ stopped: number }> {
    const { flags } = await this.parse(Down);
    const pidFile = join(
      flags['data-dir'] ?? (await import('../../core/control-plane/data-dir.js')).defaultDataDir(),
      'capstan.pid',
    );
    if (!existsSync(pidFile)) this.error(`no running cluster: ${pidFile} does not exist`, { exit: 1 });
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) this.error(`${pidFile} does not hold a process id`, { exit: 1 });
    if (!alive(pid))
      this.error(`process ${pid} from ${pidFile} is not running (a stale pid file; remove it)`, { exit: 1 });
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + flags.timeout * 1000;
    while (alive(pid)) {
      if (Date.now() > deadline) this.error(`process ${pid} did not stop within ${flags.timeout}s`, { exit: 2 });
      await new Promise((r) => setTimeout(r, 100));
    }
    this.log(`stopped (pid ${pid})`);
    return { stopped: pid };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
