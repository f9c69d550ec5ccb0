import { Command, Flags } from '@oclif/core';
import { reportError } from './cli-errors.js';
import { painter } from './colour.js';
import type { KubeFlags, KubeSession } from './kube-session.js';

/** Flags every command that talks to a cluster takes (kubectl's names). */
export const kubeFlags = {
  kubeconfig: Flags.string({
    summary: 'Path to the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then ~/.capstan/kubeconfig.yaml).',
    helpGroup: 'CLUSTER',
  }),
  context: Flags.string({ summary: 'The kubeconfig context to use.', helpGroup: 'CLUSTER' }),
};

/** `-n/--namespace`, for commands on namespaced objects. */
export const namespaceFlag = {
  namespace: Flags.string({
    char: 'n',
    summary: "The namespace (default: the context's namespace, else default).",
    helpGroup: 'CLUSTER',
  }),
};

/**
 * The base of every capstan command: errors become one line on stderr (a stack trace only with
 * --debug or CAPSTAN_DEBUG=1) and a reliable exit code (1 error, 2 usage). Heavy modules are
 * imported lazily inside run(), so `capstan --help` stays fast.
 */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({ summary: 'Print stack traces of errors.', helpGroup: 'GLOBAL' }),
  };

  override async init(): Promise<void> {
    await super.init();
    // kubectl spells negated booleans --wait=false; oclif wants --no-wait.
    const flags = (this.ctor.flags ?? {}) as Record<string, { type?: string; allowNo?: boolean }>;
    this.argv = this.argv.map((a) => {
      const m = /^--([\w-]+)=(true|false)$/.exec(a);
      const def = m ? flags[m[1]!] : undefined;
      if (!m || def?.type !== 'boolean') return a;
      if (m[2] === 'true') return `--${m[1]}`;
      return def.allowNo ? `--no-${m[1]}` : a;
    });
  }

  /** The API server of the session, for network error messages. */
  protected server?: string;

  /** Opens a client session for the kubeconfig flags (lazy: loads the SDK client on first use). */
  async session(flags: KubeFlags): Promise<KubeSession> {
    const { openSession } = await import('./kube-session.js');
    const s = await openSession(flags);
    this.server = s.server;
    return s;
  }

  /** Writes a line to stdout unless --json is on (oclif's log does that too; this one never adds formatting). */
  out(line = ''): void {
    if (!this.jsonEnabled()) process.stdout.write(`${line}\n`);
  }

  /** Writes a line to stderr. */
  note(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  /** Prints an error as one line on stderr (kubectl's wording) and returns its exit code. */
  printError(err: unknown): number {
    const report = reportError(err, this.server);
    process.stderr.write(`${errorLine(report.message)}\n`);
    return report.exitCode;
  }

  /** Ends the command with an exit code, after errors were already printed. */
  fail(exitCode = 1): never {
    process.exitCode = exitCode;
    return this.exit(exitCode);
  }

  override async catch(err: Error & { code?: string; oclif?: { exit?: number } }): Promise<unknown> {
    if (err?.code === 'EEXIT') throw err;
    const report = reportError(err, this.server);
    const line = errorLine(report.message);
    if (this.jsonEnabled?.()) {
      process.stdout.write(
        `${JSON.stringify({ error: { message: report.message, exitCode: report.exitCode } }, null, 2)}\n`,
      );
    }
    process.stderr.write(`${line}\n`);
    const debug = this.argv.includes('--debug') || (process.env.CAPSTAN_DEBUG ?? '') === '1';
    if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = report.exitCode;
    return this.exit(report.exitCode);
  }
}

/** `error: message`, or the message alone when it is kubectl's server wording. */
export function errorLine(message: string): string {
  const fromServer =
    /^(Error from server|The connection to the server|Unable to connect|The \S+ ".*" is invalid|The request is invalid)/;
  return fromServer.test(message) ? message : `${painter(process.stderr).red('error')}: ${message}`;
}
