import { createServer, type Server } from 'node:https';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import type { ClusterPki } from './auth/pki.js';
import type { Authenticator, UserInfo } from './auth/authenticator.js';
import { DiscoveryHandler } from './handlers/discovery-handler.js';
import { ResourceHandler, type ResourceRequest } from './handlers/resource-handler.js';
import { WatchHandler } from './handlers/watch-handler.js';
import type { ApiMachinery } from './machinery.js';
import type { MutatingAdmission } from './admission/admission.js';
import { ApiServerMetrics } from './metrics.js';
import { HealthChecks } from './health-checks.js';
import type { ResourceRegistry } from './registry/resource-registry.js';
import { readBody } from './request/body.js';
import { negotiate, type ResponseFormat } from './request/negotiation.js';
import { parseApiPath, type ResourceRequestInfo } from './request/request-info.js';
import { StatusError, apiErrors } from './status.js';
import { ObjectStorage } from './storage/object-storage.js';
import { NamespaceIndex } from './storage/namespace-index.js';
import { NamespaceCounts } from './storage/namespace-counts.js';
import { BootstrapTokens } from './auth/bootstrap-tokens.js';
import { WatchCache } from './watch/watch-cache.js';
import type { Store } from '../store/store.js';

/** Serves the OpenAPI documents (built from the registry's schemas). */
export interface OpenApiProvider {
  /** `/openapi/v2` as JSON text. */
  v2(): string;
  /** `/openapi/v3` index as JSON text. */
  v3Index(): string;
  /** `/openapi/v3/<path>` (e.g. `apis/apps/v1`) with its content hash, or undefined if not served. */
  v3Document(path: string): { body: string; hash: string } | undefined;
}

/** A handler for a subresource served outside the generic CRUD (pods/log, pods/exec, eviction...). */
export interface SubresourceHandler {
  handle(ctx: {
    req: IncomingMessage;
    res: ServerResponse;
    info: ResourceRequestInfo;
    type: ResourceType;
    query: URLSearchParams;
    user: UserInfo;
  }): Promise<void>;
}

/** Everything the API server is built from. */
export interface ApiServerOptions {
  store: Store;
  registry: ResourceRegistry;
  machinery: ApiMachinery;
  openapi: OpenApiProvider;
  authenticator: Authenticator;
  pki: ClusterPki;
  logger: Logger;
  host?: string;
  port?: number;
  clock?: () => Date;
  /** Window of recent events kept for resuming watches. */
  watchCacheCapacity?: number;
  /** How often watches that allow bookmarks get one (default 60 s). */
  bookmarkIntervalMs?: number;
  /**
   * Mutating admission steps (after defaulting, before validation). `countsOf(type)` gives a
   * per-namespace count of a namespaced kind kept from the watch cache (undefined until it is loaded).
   */
  admission?: (
    storage: ObjectStorage,
    countsOf: (type: ResourceType) => (namespace: string) => number | undefined,
  ) => MutatingAdmission[];
  /** The version reported on /version. */
  gitVersion?: string;
}

const publicPaths = new Set([
  '/version',
  '/healthz',
  '/livez',
  '/readyz',
  '/healthz/ping',
  '/livez/ping',
  '/readyz/ping',
]);

/**
 * The Kubernetes-compatible API server: HTTPS with client-certificate and bearer-token
 * authentication, discovery, OpenAPI, CRUD/list/watch/patch for every registered resource,
 * server-side printing, health and metrics.
 */
export class ApiServer {
  readonly storage: ObjectStorage;
  readonly cache: WatchCache;
  readonly handler: ResourceHandler;
  readonly watches: WatchHandler;
  readonly metrics = new ApiServerMetrics();
  /** The checks behind /healthz, /livez and /readyz; the control plane adds its components'. */
  readonly health = new HealthChecks();
  private readonly discovery: DiscoveryHandler;
  private readonly subresources = new Map<string, SubresourceHandler>();
  private readonly collections = new Map<string, SubresourceHandler>();
  private server?: Server;
  private namespaces?: NamespaceIndex;
  private readonly namespaceCounts: NamespaceCounts[] = [];
  private bootstrapTokens?: BootstrapTokens;
  private ready = false;
  private readonly clock: () => Date;

  constructor(private readonly o: ApiServerOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.storage = new ObjectStorage(o.store);
    this.cache = new WatchCache(o.store, o.watchCacheCapacity);
    this.cache.onError = (err) => o.logger.warn({ err }, 'store watch broke; resuming');
    this.handler = new ResourceHandler(
      this.storage,
      o.registry,
      o.machinery,
      this.clock,
      o.admission?.(this.storage, (type) => {
        const counts = new NamespaceCounts(this.storage, this.cache, type);
        this.namespaceCounts.push(counts);
        return (ns) => counts.count(ns);
      }) ?? [],
    );
    this.watches = new WatchHandler(
      this.cache,
      this.storage,
      this.handler,
      o.bookmarkIntervalMs ? { bookmarkIntervalMs: o.bookmarkIntervalMs } : {},
    );
    this.discovery = new DiscoveryHandler(o.registry, () => this.address());
    this.metrics.gauge('apiserver_registered_watchers', 'Number of currently open watches.', () => this.watches.active);
    this.health.add('ping', () => undefined, 'live');
    this.health.add(
      'etcd',
      async () => {
        await this.o.store.currentRevision();
        return undefined;
      },
      'live',
    );
    this.health.add('watch-cache', () => this.cache.problem);
  }

  /** Registers the handler of a subresource, e.g. (`''`, `pods`, `log`). */
  addSubresourceHandler(group: string, plural: string, subresource: string, handler: SubresourceHandler): void {
    this.subresources.set(`${group}/${plural}/${subresource}`, handler);
  }

  /** Registers a handler that serves a whole resource (e.g. the create-only review kinds). */
  addCollectionHandler(group: string, plural: string, handler: SubresourceHandler): void {
    this.collections.set(`${group}/${plural}`, handler);
  }

  /** Starts the watch cache and listens. Resolves with the bound address once serving. */
  async start(): Promise<{ host: string; port: number }> {
    await this.cache.start();
    const nsType = this.o.registry.lookup('', 'v1', 'namespaces');
    if (nsType) {
      this.namespaces = new NamespaceIndex(this.storage, this.cache, nsType);
      await this.namespaces.start();
      const index = this.namespaces;
      this.handler.namespaceLookup = (name) => index.get(name);
    }
    for (const counts of this.namespaceCounts) await counts.start();
    const secretType = this.o.registry.lookup('', 'v1', 'secrets');
    if (secretType) {
      this.bootstrapTokens = new BootstrapTokens(this.storage, this.cache, secretType, this.o.authenticator);
      await this.bootstrapTokens.start();
    }
    const server = createServer(
      {
        key: this.o.pki.serverKey,
        // The chain includes the CA, so that agents can pin it by hash before they trust it (kubeadm join).
        cert: `${this.o.pki.serverCert.trimEnd()}\n${this.o.pki.caCert}`,
        ca: this.o.pki.caCert,
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => void this.dispatch(req, res),
    );
    // Upgrade requests (WebSocket, SPDY: pods/exec, attach, portforward) go through the same chain;
    // a subresource handler that upgrades takes `req.socket` over, any other answer is plain HTTP.
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      if (head.length) socket.unshift(head);
      const res = new ServerResponse(req);
      res.shouldKeepAlive = false;
      res.assignSocket(socket);
      res.once('finish', () => socket.end());
      void this.dispatch(req, res);
    });
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.requestTimeout = 0;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 6443, this.o.host ?? '127.0.0.1', () => resolve());
    });
    this.ready = true;
    const a = server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  /** Stops accepting requests, ends watches and stops the cache. */
  async stop(): Promise<void> {
    this.ready = false;
    this.watches.closeAll();
    this.namespaces?.stop();
    for (const counts of this.namespaceCounts) counts.stop();
    this.bootstrapTokens?.stop();
    await this.cache.stop();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  /** `host:port` the server listens on. */
  address(): string {
    const a = this.server?.address() as AddressInfo | null;
    return a ? `${a.address}:${a.port}` : `${this.o.host ?? '127.0.0.1'}:${this.o.port ?? 6443}`;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    let metricInfo: ResourceRequestInfo | undefined;
    const warnings: string[] = [];
    try {
      const user = this.o.authenticator.authenticate(req);
      const isPublic = publicPaths.has(path) || /^\/(healthz|livez|readyz)\/[\w.-]+$/.test(path);
      if (!user && !isPublic) throw apiErrors.unauthorized();
      if (isPublic) return await this.servePublic(path, req, res);
      if (path === '/metrics') return this.sendText(res, 200, this.metrics.render(), 'text/plain; version=0.0.4');
      if (path === '/openapi/v2') return this.sendText(res, 200, this.o.openapi.v2(), 'application/json');
      if (path === '/openapi/v3') return this.sendText(res, 200, this.o.openapi.v3Index(), 'application/json');
      if (path.startsWith('/openapi/v3/')) {
        const doc = this.o.openapi.v3Document(path.slice('/openapi/v3/'.length));
        if (!doc) throw apiErrors.pathNotFound();
        res.setHeader('ETag', `"${doc.hash}"`);
        if (url.searchParams.get('hash') === doc.hash) res.setHeader('Cache-Control', 'public, immutable');
        else res.setHeader('Cache-Control', 'no-cache, private');
        return this.sendText(res, 200, doc.body, 'application/json');
      }
      const info = parseApiPath(req.method ?? 'GET', path, url.searchParams);
      if (!info) throw apiErrors.pathNotFound();
      if (info.kind === 'discovery') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw apiErrors.methodNotAllowed();
        const d = this.discovery.respond(info, req.headers.accept);
        if (!d) throw apiErrors.pathNotFound();
        res.setHeader('Vary', 'Accept');
        return this.sendText(res, 200, d.body, d.contentType);
      }
      metricInfo = info;
      const type = this.o.registry.lookup(info.group, info.version, info.resource);
      if (!type) throw apiErrors.pathNotFound();
      if (type.namespaced === false && info.namespace) throw apiErrors.pathNotFound();
      const whole = this.collections.get(`${type.group}/${type.plural}`);
      if (whole) return await whole.handle({ req, res, info, type, query: url.searchParams, user: user! });
      const sub = info.subresource
        ? this.subresources.get(`${type.group}/${type.plural}/${info.subresource}`)
        : undefined;
      if (sub) return await sub.handle({ req, res, info, type, query: url.searchParams, user: user! });
      if (info.subresource && !['status', 'scale', 'finalize'].includes(info.subresource))
        throw apiErrors.pathNotFound();
      const format = negotiate(req.headers.accept, url.searchParams);
      const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '') ? await readBody(req) : undefined;
      const request: ResourceRequest = {
        info,
        type,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        userAgent: req.headers['user-agent'],
        body,
        warnings,
      };
      await this.serveResource(request, format, res);
    } catch (e) {
      this.sendError(res, e, req);
    } finally {
      if (metricInfo) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.metrics.observeRequest(
          metricInfo.verb,
          metricInfo.group,
          metricInfo.version,
          metricInfo.resource,
          res.statusCode,
          seconds,
        );
      }
    }
  }

  private async serveResource(request: ResourceRequest, format: ResponseFormat, res: ServerResponse): Promise<void> {
    const { info, type } = request;
    const h = this.handler;
    // Namespaced resources are listed and watched across namespaces; every other verb needs one.
    if (type.namespaced && !info.namespace && info.verb !== 'list' && info.verb !== 'watch')
      throw apiErrors.pathNotFound();
    switch (info.verb) {
      case 'get': {
        if (info.subresource && info.subresource !== 'status' && info.subresource !== 'scale')
          throw apiErrors.pathNotFound();
        if (info.subresource === 'status' && !type.statusSubresource) throw apiErrors.pathNotFound();
        if (info.subresource === 'scale' && !type.scaleSubresource) throw apiErrors.pathNotFound();
        const r = await h.get(request);
        return this.sendObject(res, r.code, r.body as KubeObject, type, format, request.warnings, !info.subresource);
      }
      case 'list': {
        const result = await h.list(request);
        if (format.table) {
          const table = this.o.machinery.table(type, result.items, {
            now: this.clock(),
            includeObject: format.includeObject,
            resourceVersion: String(result.revision),
            continue: result.continue,
            remainingItemCount: result.remaining,
          });
          return this.sendJson(res, 200, table, request.warnings);
        }
        return this.sendJson(res, 200, h.listBody(type, result), request.warnings);
      }
      case 'watch': {
        const render = format.table
          ? (t: ResourceType, o: KubeObject) =>
              JSON.stringify(this.o.machinery.table(t, [o], { now: this.clock(), includeObject: format.includeObject }))
          : this.watches.plainRenderer;
        return this.watches.serve(request, res, render);
      }
      case 'create': {
        const r = await h.create(request);
        return this.sendObject(res, r.code, r.body as KubeObject, type, format, request.warnings, true);
      }
      case 'update': {
        const r = await h.update(request);
        return this.sendObject(res, r.code, r.body as KubeObject, type, format, request.warnings, !info.subresource);
      }
      case 'patch': {
        const r = await h.patch(request);
        return this.sendObject(res, r.code, r.body as KubeObject, type, format, request.warnings, !info.subresource);
      }
      case 'delete': {
        const r = await h.delete(request);
        return this.sendObject(res, r.code, r.body as KubeObject, type, format, request.warnings, true);
      }
      case 'deletecollection': {
        const r = await h.deleteCollection(request);
        return this.sendJson(res, r.code, r.body, request.warnings);
      }
      default:
        throw apiErrors.methodNotAllowed();
    }
  }

  private sendObject(
    res: ServerResponse,
    code: number,
    obj: KubeObject,
    type: ResourceType,
    format: ResponseFormat,
    warnings: string[],
    tableable: boolean,
  ): void {
    if (format.table && tableable) {
      const table = this.o.machinery.table(type, [obj], {
        now: this.clock(),
        includeObject: format.includeObject,
        resourceVersion: obj.metadata.resourceVersion,
      });
      return this.sendJson(res, code, table, warnings);
    }
    this.sendJson(res, code, obj, warnings);
  }

  private async servePublic(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (path === '/version') {
      return this.sendJson(
        res,
        200,
        {
          major: '1',
          minor: '32',
          gitVersion: this.o.gitVersion ?? 'v1.32.0-capstan',
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2026-01-01T00:00:00Z',
          goVersion: `node${process.versions.node}`,
          compiler: 'tsc',
          platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
        },
        [],
      );
    }
    const [endpoint, only] = path.slice(1).split('/') as ['healthz' | 'livez' | 'readyz', string | undefined];
    if (only !== undefined && !this.health.names(endpoint).includes(only))
      return this.sendText(res, 404, `404 page not found\n`, 'text/plain; charset=utf-8');
    const results = this.ready
      ? await this.health.run(endpoint, only)
      : [{ name: 'ping', ok: false, reason: 'the server is not serving' }];
    const ok = results.every((r) => r.ok);
    const verbose = new URL(req.url ?? '/', 'https://localhost').searchParams.has('verbose');
    const lines = results.map((r) =>
      r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: ${r.reason ?? 'reason withheld'}`,
    );
    const text = verbose || !ok ? `${lines.join('\n')}\n${endpoint} check ${ok ? 'passed' : 'failed'}\n` : 'ok';
    this.sendText(res, ok ? 200 : 503, text, 'text/plain; charset=utf-8');
  }

  private sendJson(res: ServerResponse, code: number, body: unknown, warnings: string[]): void {
    for (const w of warnings) res.appendHeader('Warning', `299 - ${JSON.stringify(w)}`);
    this.sendText(res, code, JSON.stringify(body), 'application/json');
  }

  private sendText(res: ServerResponse, code: number, text: string, contentType: string): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private sendError(res: ServerResponse, e: unknown, req: IncomingMessage): void {
    let err: StatusError;
    if (e instanceof StatusError) err = e;
    else {
      this.o.logger.error({ err: e, method: req.method, url: req.url }, 'request failed');
      err = new StatusError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? String(e)}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (err.code === 401) res.setHeader('WWW-Authenticate', 'Basic realm="kubernetes-master"');
    // Drain an unread body so the connection can be reused.
    if (!req.complete) req.resume();
    this.sendText(res, err.code, JSON.stringify(err.toStatus()), 'application/json');
  }
}
