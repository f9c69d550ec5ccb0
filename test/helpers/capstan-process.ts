import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Agent, request } from 'node:https';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/...). */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

/** A `capstan` CLI process serving a control plane. */
export interface CapstanProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  /** Resolves when the process has exited; returns its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `bin/run.js <command> --data-dir DIR --port P ...` and waits until it says it is ready. */
export async function startCapstan(
  command: 'up' | 'server',
  dataDir: string,
  extra: string[] = [],
): Promise<CapstanProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin/run.js'), command, '--data-dir', dataDir, '--port', String(port), ...extra],
    {
      env: { ...process.env, CAPSTAN_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const ready = await Promise.race([
    new Promise<boolean>((r) => {
      const check = () => (out.includes('Capstan is ready') ? r(true) : setTimeout(check, 50));
      check();
    }),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`capstan ${command} did not start:\n${out}`);
  return { child, port, output: () => out, exited };
}

/** An HTTPS client that authenticates with the admin certificate of a data dir. */
export function adminClient(dataDir: string, port: number) {
  const pki = join(dataDir, 'pki');
  const agent = new Agent({
    ca: readFileSync(join(pki, 'ca.crt')),
    cert: readFileSync(join(pki, 'admin.crt')),
    key: readFileSync(join(pki, 'admin.key')),
    keepAlive: true,
    maxSockets: 32,
  });
  return {
    agent,
    call(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
      return new Promise((res, rej) => {
        const payload =
          body === undefined
            ? undefined
            : typeof body === 'string' || Buffer.isBuffer(body)
              ? body
              : JSON.stringify(body);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            // DELETE bodies are not chunked by node's client: always say how long the body is.
            headers: {
              'Content-Type': 'application/json',
              ...(payload === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(payload)) }),
              ...headers,
            },
          },
          (r) => {
            const chunks: Buffer[] = [];
            r.on('data', (c) => chunks.push(c));
            r.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // plain text
              }
              res({ status: r.statusCode ?? 0, body: parsed, headers: r.headers });
            });
          },
        );
        req.on('error', rej);
        req.end(payload);
      });
    },
  };
}
