import type { Duplex } from 'node:stream';
import type { SpdySession, SpdyStream } from './spdy-session.js';

/** Opens the connection to a port of the pod (the provider's portForward). */
export type PortDialer = (port: number) => Promise<Duplex>;

/**
 * The `portforward.k8s.io` protocol on a SPDY session, as kubelet serves it: per connection the
 * client opens an `error` and a `data` stream with the same `requestid` and `port`; once both
 * exist the server dials the port and copies bytes both ways; failures are written on the error
 * stream. Both streams are half-closed when the pod side ends.
 */
export function servePortForward(session: SpdySession, dial: PortDialer, log: (msg: string) => void): void {
  const pairs = new Map<string, { data?: SpdyStream; error?: SpdyStream }>();
  session.on('stream', (s: SpdyStream) => {
    const requestId = s.headers.get('requestid') ?? String(s.id);
    const type = s.headers.get('streamtype');
    const pair = pairs.get(requestId) ?? {};
    if (type === 'data') pair.data = s;
    else if (type === 'error') pair.error = s;
    else return s.reset();
    pairs.set(requestId, pair);
    if (pair.data && pair.error) {
      pairs.delete(requestId);
      void forward(pair.data, pair.error, Number(s.headers.get('port')), dial, log);
    }
  });
}

async function forward(
  data: SpdyStream,
  error: SpdyStream,
  port: number,
  dial: PortDialer,
  log: (msg: string) => void,
): Promise<void> {
  // Bytes that arrive before the connection is up are kept.
  const early: Buffer[] = [];
  let remoteEnded = false;
  const onEarly = (d: Buffer) => early.push(d);
  const onEarlyEnd = () => (remoteEnded = true);
  data.on('data', onEarly);
  data.on('end', onEarlyEnd);
  let conn: Duplex;
  try {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port ${port}`);
    conn = await dial(port);
  } catch (err) {
    const msg = `error forwarding port ${port} to pod: ${(err as Error).message}`;
    log(msg);
    error.write(Buffer.from(msg));
    error.end();
    data.end();
    return;
  }
  data.off('data', onEarly);
  data.off('end', onEarlyEnd);
  for (const d of early) conn.write(d);
  if (remoteEnded) conn.end();
  data.on('data', (d: Buffer) => conn.write(d));
  data.on('end', () => conn.end());
  const close = () => {
    data.end();
    error.end();
  };
  data.on('close', () => conn.destroy());
  conn.on('data', (d: Buffer) => data.write(d));
  conn.on('end', close);
  conn.on('close', close);
  conn.on('error', (err) => {
    error.write(Buffer.from(`error forwarding port ${port} to pod: ${err.message}`));
    close();
  });
}
