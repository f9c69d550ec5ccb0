import type { WebSocket } from 'ws';
import type { StreamSession } from '../../../sdk/cri/streams.js';

/** The channel protocols of exec and attach, most preferred first. */
export const channelProtocols = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** The Status a v4/v5 client reads on the error channel when the process ended. */
export function exitStatus(exitCode: number | undefined): Record<string, unknown> {
  if (exitCode === undefined || exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [...], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/**
 * Bridges a WebSocket using the Kubernetes channel protocol (binary frames whose first byte is
 * the channel: 0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize, 255 close in v5) to an
 * exec or attach session, then reports the exit status and closes with 1000.
 */
export function bridgeChannels(ws: WebSocket, session: StreamSession): Promise<void> {
  const v4plus = ws.protocol.startsWith('v4.') || ws.protocol.startsWith('v5.');
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data]));
  };
  ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    let data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    if (!isBinary) data = Buffer.from(data.toString(), 'utf8');
    if (!data.length) return;
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDIN) {
      if (payload.length) session.stdin?.write(payload);
    } else if (channel === RESIZE) {
      try {
        const size = JSON.parse(payload.toString()) as { Width?: number; Height?: number };
        void session.resize({ width: size.Width ?? 80, height: size.Height ?? 24 }).catch(() => undefined);
      } catch {
        /* ignore a bad resize */
      }
    } else if (channel === CLOSE && payload[0] === STDIN) {
      session.stdin?.end();
    }
  });
  ws.on('close', () => session.close());
  ws.on('error', () => session.close());
  const ended = (s: NodeJS.ReadableStream | undefined) =>
    s ? new Promise<void>((r) => (s.once('end', () => r()), s.once('close', () => r()))) : Promise.resolve();
  session.stdout.on('data', (d: Buffer) => send(STDOUT, d));
  session.stderr?.on('data', (d: Buffer) => send(STDERR, d));
  return (async () => {
    const { exitCode } = await session.exit;
    await Promise.race([
      Promise.all([ended(session.stdout), ended(session.stderr)]),
      new Promise((r) => setTimeout(r, 500)),
    ]);
    if (v4plus) send(ERROR, Buffer.from(JSON.stringify(exitStatus(exitCode))));
    else if (exitCode) send(ERROR, Buffer.from(`command terminated with non-zero exit code: ${exitCode}`));
    if (ws.readyState === ws.OPEN) ws.close(1000);
  })();
}
