import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { CniPluginError, type CniErrorOutput } from '../../sdk/cni/index.js';

/** One plugin invocation. */
export interface PluginInvocation {
  readonly type: string;
  readonly command: 'ADD' | 'DEL' | 'CHECK' | 'VERSION' | 'STATUS' | 'GC';
  /** The CNI_* variables (added to the runner's own environment). */
  readonly env: Readonly<Record<string, string>>;
  /** The request config written to stdin. */
  readonly stdin: unknown;
}

/** Finds a plugin binary named `type` in the bin dirs, in order. Throws (libcni's message) when absent. */
export async function findPlugin(binDirs: readonly string[], type: string): Promise<string> {
  if (type.includes('/') || type === '.' || type === '..') {
    throw new Error(`invalid plugin type "${type}"`);
  }
  for (const dir of binDirs) {
    const path = join(dir, type);
    try {
      await access(path, constants.X_OK);
      return path;
    } catch {
      // try the next directory
    }
  }
  throw new Error(`failed to find plugin "${type}" in path [${binDirs.join(' ')}]`);
}

interface RawOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

function run(path: string, env: NodeJS.ProcessEnv, input: string): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.stdin.on('error', () => {
      // the plugin may exit without reading stdin; its exit status tells what happened
    });
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
    child.stdin.end(input);
  });
}

function parseError(outcome: RawOutcome): CniErrorOutput {
  for (const text of [outcome.stdout.toString().trim(), outcome.stderr.toString().trim()]) {
    if (!text) continue;
    try {
      const parsed = JSON.parse(text) as Partial<CniErrorOutput>;
      if (typeof parsed === 'object' && parsed && typeof parsed.msg === 'string') {
        return { code: typeof parsed.code === 'number' ? parsed.code : 0, msg: parsed.msg, details: parsed.details };
      }
    } catch {
      // not JSON: fall through
    }
  }
  const stderr = outcome.stderr.toString().trim();
  const status = outcome.signal ? `signal: ${outcome.signal}` : `exit status ${outcome.code}`;
  return {
    code: 0,
    msg: stderr ? `netplugin failed: "${stderr}"` : `netplugin failed with no error message: ${status}`,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a plugin as the CNI spec says (config on stdin, result on stdout) and returns its parsed
 * stdout (undefined when empty). A non-zero exit throws `CniPluginError` with the plugin's JSON
 * error from stdout, else from stderr. "Text file busy" is retried up to 5 times, 1 s apart.
 */
export async function execPlugin(path: string, inv: PluginInvocation): Promise<unknown> {
  const env = { ...process.env, ...inv.env, CNI_COMMAND: inv.command };
  const input = JSON.stringify(inv.stdin);
  let outcome: RawOutcome | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      outcome = await run(path, env, input);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ETXTBSY' && attempt < 5) {
        await sleep(1000);
        continue;
      }
      throw new CniPluginError(inv.type, inv.command, { code: 0, msg: (err as Error).message });
    }
  }
  if (outcome.code !== 0) throw new CniPluginError(inv.type, inv.command, parseError(outcome));
  const text = outcome.stdout.toString().trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CniPluginError(inv.type, inv.command, {
      code: 6,
      msg: `failed to decode plugin output: ${(err as Error).message}`,
    });
  }
}
