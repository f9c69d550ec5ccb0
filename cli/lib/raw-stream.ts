import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeTransport } from '../../sdk/client/kubeconfig-transport.js';
import { errorFromStatus } from '../../sdk/client/api-error.js';

/**
 * Opens a streaming GET (watch with a Table Accept header, follow logs) and yields its body line
 * by line until the server closes it or `signal` aborts. A non-2xx answer throws the typed API
 * error of its Status.
 */
export async function* streamLines(
  transport: KubeTransport,
  path: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const url = new URL(transport.server + path);
  const secure = url.protocol === 'https:';
  const auth = await transport.headers();
  const req = (secure ? https : http).request({
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (secure ? 443 : 80),
    path: url.pathname + url.search,
    method: 'GET',
    headers: { 'User-Agent': 'capstan-cli/0.1', ...auth, ...headers },
    ...(secure ? transport.agentOptions : {}),
    signal,
  });
  const res = await new Promise<http.IncomingMessage | undefined>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', (e) => (signal?.aborted ? resolve(undefined) : reject(e)));
    req.end();
  });
  if (!res) return;
  try {
    if ((res.statusCode ?? 0) >= 400) {
      let text = '';
      for await (const c of res) text += c;
      let status: { reason?: string; message?: string } | undefined;
      try {
        status = JSON.parse(text);
      } catch {
        status = { message: text.trim() || `HTTP ${res.statusCode}` };
      }
      throw errorFromStatus(res.statusCode ?? 500, status);
    }
    res.setEncoding('utf8');
    let buf = '';
    try {
      for await (const chunk of res as AsyncIterable<string>) {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          yield buf.slice(0, nl);
          buf = buf.slice(nl + 1);
        }
      }
    } catch (e) {
      if (signal?.aborted) return;
      throw e;
    }
    if (buf) yield buf;
  } finally {
    res.destroy();
  }
}
