import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real kubectl binary (the machine's version dispatcher picks 1.32 from /version). */
export const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** True when the real kubectl is installed. */
export function kubectlAvailable(): boolean {
  return existsSync(kubectlPath);
}

/** The outcome of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl against a kubeconfig with its own discovery cache, optionally feeding stdin. */
export function kubectl(
  kubeconfig: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<KubectlResult> {
  const cacheDir = cacheDirFor(kubeconfig);
  return new Promise((resolve) => {
    const child = execFile(
      kubectlPath,
      [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDir}`, ...args],
      { env: { ...process.env, ...options.env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}

/** Starts a long-running kubectl (e.g. `get -w`) and collects its output. */
export function kubectlStream(
  kubeconfig: string,
  args: string[],
): { child: ChildProcess; output: () => string; stop: () => void } {
  const child = spawn(kubectlPath, [`--kubeconfig=${kubeconfig}`, `--cache-dir=${cacheDirFor(kubeconfig)}`, ...args]);
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  return { child, output: () => out, stop: () => child.kill('SIGTERM') };
}

const caches = new Map<string, string>();
function cacheDirFor(kubeconfig: string): string {
  let d = caches.get(kubeconfig);
  if (!d) {
    d = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    caches.set(kubeconfig, d);
  }
  return d;
}

/** Polls `check` until it returns a value or the attempts run out (no timing assertions: it only waits). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  attempts = 100,
  delayMs = 100,
): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  return undefined;
}
