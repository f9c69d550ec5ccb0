import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

function timeRuns(args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;

/**
 * `npm run bench -- cli-startup`: wall time of `capstan --help` and `capstan get --help` (process
 * start to exit), against the floor of starting Node itself and the 300 ms goal.
 */
export async function runCliStartupBench(): Promise<Record<string, unknown>> {
  const runs = 15;
  const bin = join(root, 'bin/run.js');
  timeRuns([bin, '--help'], 2); // warm the file cache
  const node = median(timeRuns(['-e', ''], runs));
  const help = timeRuns([bin, '--help'], runs);
  const getHelp = median(timeRuns([bin, 'get', '--help'], runs));
  const p50 = median(help);
  process.stderr.write(
    `capstan --help: p50 ${p50.toFixed(0)} ms (min ${help[0]!.toFixed(0)}, max ${help[help.length - 1]!.toFixed(0)}); ` +
      `capstan get --help: p50 ${getHelp.toFixed(0)} ms; node -e '': p50 ${node.toFixed(0)} ms; goal 300 ms\n`,
  );
  return {
    bench: 'cli-startup',
    metric: 'help_ms_p50',
    capstan: Math.round(p50),
    peer: 'goal (300 ms)',
    peer_value: 300,
    ratio: Number((p50 / 300).toFixed(2)),
    get_help_ms_p50: Math.round(getHelp),
    node_startup_ms_p50: Math.round(node),
  };
}
