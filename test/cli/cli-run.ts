import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/capstan-process.js';

/** The outcome of one `capstan` run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `bin/run.js` with arguments, optional stdin and extra environment. */
export function capstan(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'bin/run.js'), ...args],
      { env: { ...process.env, NO_COLOR: '1', ...options.env }, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(options.stdin ?? '');
  });
}

/** Starts a long-running `capstan` (e.g. get -w) and collects its stdout. */
export function capstanStream(args: string[]) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/run.js'), ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  return { child, output: () => out, stop: () => child.kill('SIGTERM') };
}
