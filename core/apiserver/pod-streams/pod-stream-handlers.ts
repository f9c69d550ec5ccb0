import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { PodStreamError, type PodStreamProvider } from '../../../sdk/node/pod-streams.js';
import type { ApiServer, SubresourceHandler } from '../api-server.js';
import { StatusError, apiErrors } from '../status.js';
import { bridgeChannels, channelProtocols } from './channel-streams.js';
import { servePortForward } from './port-forward-session.js';
import { spdyOverDuplex, SpdySession } from './spdy-session.js';

/** Returns the pod stream providers bound now (node agents in this process). */
export type PodStreamProviders = () => readonly PodStreamProvider[];

interface PodShape extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
}

const portForwardProtocol = 'portforward.k8s.io';
const tunneledPortForward = `SPDY/3.1+${portForwardProtocol}`;

const bool = (q: URLSearchParams, k: string) => q.get(k) === 'true' || q.get(k) === '1';

function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

/** The pod from storage, or 404 as the API answers for a missing pod. */
async function loadPod(api: ApiServer, ctx: Parameters<SubresourceHandler['handle']>[0]): Promise<PodShape> {
  const name = ctx.info.name;
  if (!name || !ctx.info.namespace) throw apiErrors.pathNotFound();
  const pod = (await api.storage.get(ctx.type, ctx.info.namespace, name)) as PodShape | undefined;
  if (!pod) throw apiErrors.notFound('', 'pods', name);
  return pod;
}

/** The container a request means: the `container` parameter, or the only/default container. */
export function chooseContainer(pod: PodShape, requested: string | null): string {
  const name = pod.metadata.name ?? '';
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const init = (pod.spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
  if (requested) {
    if (![...containers, ...init, ...ephemeral].includes(requested))
      throw apiErrors.badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && containers.includes(annotated)) return annotated;
  if (containers.length === 1) return containers[0]!;
  let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
  if (init.length) message += ` or one of the init containers: [${init.join(' ')}]`;
  throw apiErrors.badRequest(message);
}

/** The provider that runs the pod's node; 400 for an unscheduled pod, 503 when no agent serves the node. */
function providerFor(pod: PodShape, providers: PodStreamProviders): PodStreamProvider {
  const node = pod.spec?.nodeName;
  if (!node) throw apiErrors.badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const p = providers().find((x) => x.servesNode(node));
  if (!p)
    throw serviceUnavailable(
      `no node agent serves node "${node}" in this control plane, so the pod's logs and streams are unavailable (is the node agent running there?)`,
    );
  return p;
}

function mapError(err: unknown): unknown {
  if (err instanceof PodStreamError)
    return new StatusError(err.code, err.code === 404 ? 'NotFound' : 'BadRequest', err.message);
  return err;
}

function isUpgrade(req: IncomingMessage, protocol: 'websocket' | 'spdy'): boolean {
  const up = (req.headers.upgrade ?? '').toLowerCase();
  return protocol === 'websocket' ? up === 'websocket' : up.startsWith('spdy/');
}

/** Accepts a WebSocket upgrade on the request's socket with one of `protocols`. */
function acceptWebSocket(wss: WebSocketServer, req: IncomingMessage): Promise<WebSocket> {
  return new Promise((resolve) => {
    wss.handleUpgrade(req, req.socket, Buffer.alloc(0), (ws) => resolve(ws));
  });
}

function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `pods/log`: the container's output as text/plain, streamed with `follow`. */
function logHandler(api: ApiServer, providers: PodStreamProviders): SubresourceHandler {
  return {
    async handle(ctx) {
      const { req, res, query } = ctx;
      if (req.method !== 'GET') throw apiErrors.methodNotAllowed();
      const pod = await loadPod(api, ctx);
      const container = chooseContainer(pod, query.get('container'));
      const provider = providerFor(pod, providers);
      const num = (k: string) => {
        const v = query.get(k);
        if (v === null || v === '') return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw apiErrors.badRequest(`invalid ${k}: ${v}`);
        return n;
      };
      const sinceSeconds = num('sinceSeconds');
      const sinceTime = query.get('sinceTime');
      const since =
        sinceSeconds !== undefined
          ? new Date(Date.now() - sinceSeconds * 1000)
          : sinceTime
            ? new Date(sinceTime)
            : undefined;
      const abort = new AbortController();
      req.on('close', () => abort.abort());
      res.on('close', () => abort.abort());
      let chunks: AsyncIterable<Buffer>;
      try {
        chunks = await provider.logs(
          pod,
          {
            container,
            follow: bool(query, 'follow'),
            previous: bool(query, 'previous'),
            tailLines: num('tailLines'),
            limitBytes: num('limitBytes'),
            timestamps: bool(query, 'timestamps'),
            since,
          },
          abort.signal,
        );
      } catch (err) {
        throw mapError(err);
      }
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
      res.flushHeaders();
      try {
        for await (const c of chunks) {
          if (abort.signal.aborted) break;
          res.write(c);
        }
      } catch {
        // A failure after the headers can only end the stream.
      }
      res.end();
    },
  };
}

/** `pods/exec` and `pods/attach` over WebSocket (v5 and v4 channel protocols). */
function execHandler(api: ApiServer, providers: PodStreamProviders, kind: 'exec' | 'attach'): SubresourceHandler {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => channelProtocols.find((p) => offered.has(p)) ?? false,
  });
  return {
    async handle(ctx) {
      const { req, query } = ctx;
      const pod = await loadPod(api, ctx);
      const container = chooseContainer(pod, query.get('container'));
      const provider = providerFor(pod, providers);
      if (!isUpgrade(req, 'websocket'))
        throw apiErrors.badRequest(
          isUpgrade(req, 'spdy')
            ? `${kind} over SPDY is not supported by this server; use a client that speaks WebSocket (${channelProtocols[0]})`
            : `Upgrade request required`,
        );
      if (!offeredProtocols(req).some((p) => channelProtocols.includes(p)))
        throw apiErrors.badRequest(
          `none of the offered WebSocket subprotocols is supported: use one of ${channelProtocols.join(', ')}`,
        );
      const tty = bool(query, 'tty');
      const opts = {
        container,
        stdin: bool(query, 'stdin'),
        stdout: bool(query, 'stdout'),
        stderr: bool(query, 'stderr') && !tty,
        tty,
      };
      const command = query.getAll('command');
      if (kind === 'exec' && !command.length)
        throw apiErrors.badRequest('you must specify at least one command for the container');
      let session;
      try {
        session = kind === 'exec' ? await provider.exec(pod, { ...opts, command }) : await provider.attach(pod, opts);
      } catch (err) {
        throw mapError(err);
      }
      const ws = await acceptWebSocket(wss, req);
      await bridgeChannels(ws, session);
    },
  };
}

/** `pods/portforward`: SPDY/3.1 (native or tunneled in WebSocket) with the portforward.k8s.io protocol. */
function portForwardHandler(api: ApiServer, providers: PodStreamProviders): SubresourceHandler {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has(tunneledPortForward) ? tunneledPortForward : false),
  });
  return {
    async handle(ctx) {
      const { req } = ctx;
      const pod = await loadPod(api, ctx);
      const provider = providerFor(pod, providers);
      const dial = async (port: number): Promise<Duplex> => provider.portForward(pod, port);
      const log = () => undefined;
      if (isUpgrade(req, 'websocket')) {
        if (!offeredProtocols(req).includes(tunneledPortForward))
          throw apiErrors.badRequest(`port-forward needs the WebSocket subprotocol ${tunneledPortForward}`);
        const ws = await acceptWebSocket(wss, req);
        const session = new SpdySession((d) => {
          if (ws.readyState === ws.OPEN) ws.send(d);
        });
        ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) =>
          session.receive(Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw)),
        );
        ws.on('close', () => session.close());
        session.on('close', () => ws.close(1000));
        session.on('error', () => ws.terminate());
        servePortForward(session, dial, log);
        return;
      }
      if (isUpgrade(req, 'spdy')) {
        const versions = String(req.headers['x-stream-protocol-version'] ?? '')
          .split(',')
          .map((s) => s.trim());
        if (!versions.includes(portForwardProtocol))
          throw apiErrors.badRequest(`port-forward needs X-Stream-Protocol-Version ${portForwardProtocol}`);
        const socket = req.socket;
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${portForwardProtocol}\r\n\r\n`,
        );
        servePortForward(spdyOverDuplex(socket), dial, log);
        return;
      }
      throw apiErrors.badRequest('Upgrade request required');
    },
  };
}

/**
 * Serves `pods/log`, `pods/exec`, `pods/attach` and `pods/portforward` through the pod stream
 * providers (node agents) of the process.
 */
export function registerPodStreamHandlers(api: ApiServer, providers: PodStreamProviders): void {
  api.addSubresourceHandler('', 'pods', 'log', logHandler(api, providers));
  api.addSubresourceHandler('', 'pods', 'exec', execHandler(api, providers, 'exec'));
  api.addSubresourceHandler('', 'pods', 'attach', execHandler(api, providers, 'attach'));
  api.addSubresourceHandler('', 'pods', 'portforward', portForwardHandler(api, providers));
}
