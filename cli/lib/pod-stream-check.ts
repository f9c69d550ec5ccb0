import WebSocket from 'ws';
import { ApiError, errorFromStatus } from '../../sdk/client/api-error.js';
import type { KubeTransport } from '../../sdk/client/kubeconfig-transport.js';
import { CliError } from './cli-errors.js';

/**
 * Turns the answer of a server that does not serve a pod streaming subresource (404 for the path,
 * 405, 501) into a clear error; other errors pass through.
 */
export function streamingUnavailable(e: unknown, what: 'logs' | 'exec', pod: string): unknown {
  if (
    e instanceof ApiError &&
    (e.code === 405 || e.code === 501 || (e.code === 404 && !new RegExp(`pods "${pod}" not found`).test(e.message)))
  )
    return new CliError(
      `this server does not serve pods/${what === 'logs' ? 'log' : 'exec'}: its pods run without a node agent; use 'capstan describe pod ${pod}' and 'capstan events --for pod/${pod}' instead`,
    );
  return e;
}

/** Streams of an exec session on the terminal side. */
export interface ExecStreams {
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Runs `pods/exec` over WebSocket with the v5 (or v4) channel protocol, as kubectl 1.32 does:
 * copies stdin to channel 0 (and sends the v5 close signal at its end), channel 1 and 2 to stdout
 * and stderr, and resolves with the exit code read from the status channel. A refused upgrade
 * throws the API error of the Status the server answered.
 */
export async function execOverWebSocket(transport: KubeTransport, path: string, io: ExecStreams): Promise<number> {
  const url = new URL(transport.server + path);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const headers = await transport.headers();
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
    headers: { 'User-Agent': 'capstan-cli/0.1', ...headers },
    ...(url.protocol === 'wss:' ? transport.agentOptions : {}),
  });
  return new Promise<number>((resolve, reject) => {
    let exitCode = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        let status: { reason?: string; message?: string } = {};
        try {
          status = JSON.parse(text) as typeof status;
        } catch {
          status = { message: text };
        }
        finish(() => reject(errorFromStatus(res.statusCode ?? 500, status as never)));
      });
    });
    ws.on('error', (err) => finish(() => reject(err)));
    ws.on('open', () => {
      const v5 = ws.protocol.startsWith('v5.');
      io.stdin?.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
      io.stdin?.on('end', () => {
        if (v5 && ws.readyState === ws.OPEN) ws.send(Buffer.from([255, 0]));
      });
    });
    ws.on('message', (raw: Buffer) => {
      const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
      if (!data.length) return;
      const payload = data.subarray(1);
      if (data[0] === 1) io.stdout.write(payload);
      else if (data[0] === 2) io.stderr.write(payload);
      else if (data[0] === 3 && payload.length) {
        try {
          const status = JSON.parse(payload.toString()) as {
            status?: string;
            message?: string;
            details?: { causes?: { reason?: string; message?: string }[] };
          };
          if (status.status === 'Failure') {
            const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
            exitCode = code !== undefined ? Number(code) : 1;
            if (code === undefined && status.message) io.stderr.write(`${status.message}\n`);
          }
        } catch {
          io.stderr.write(payload);
          exitCode = 1;
        }
      }
    });
    ws.on('close', () => finish(() => resolve(exitCode)));
  });
}
