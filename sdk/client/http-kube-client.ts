import * as http from 'node:http';
import * as https from 'node:https';
import { createSecureContext } from 'node:tls';
import type { KubeObject } from '../api/kube-object.js';
import { ApiError, errorFromStatus } from './api-error.js';
import type {
  DeleteOptions,
  KubeClient,
  ListOptions,
  ObjectList,
  PatchType,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from './kube-client.js';
import type { KubeconfigSource, KubeTransport } from './kubeconfig-transport.js';
import { apiVersionOfDescriptor, type ResourceDescriptor } from './resource-descriptor.js';
import { resourcePath, withQuery, type QueryParams } from './resource-path.js';

/** Options of the HTTP client beyond what the kubeconfig says. */
export interface HttpKubeClientOptions {
  /** Sent as User-Agent (default `capstan-sdk/0.1`). */
  userAgent?: string;
  /** fieldManager of writes that name none (apply always names its own). */
  fieldManager?: string;
  /** Timeout of non-watch requests in ms (default 60 s). */
  requestTimeoutMs?: number;
  /** How often a 429 or a 503 with Retry-After is retried (default 5). */
  maxRetries?: number;
  /** Most sockets kept per host (default 64; watches hold one each, beyond this limit). */
  maxSockets?: number;
}

/** The raw answer of one request. */
interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const patchContentTypes: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/**
 * KubeClient over HTTPS with a keep-alive agent. The kubeconfig is read with @kubernetes/client-node
 * (clusters, users, exec and token auth, TLS files); requests go through node:https directly. It
 * uses only the standard API, so it works against Capstan and any Kubernetes API server.
 */
export class HttpKubeClient implements KubeClient {
  private readonly agent: http.Agent;
  private readonly watchAgent: http.Agent;
  private readonly url: URL;
  private readonly secure: boolean;
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  /** Creates a client from a kubeconfig file path, YAML text, a KubeConfig, or the default loading rules. */
  static async fromKubeconfig(source?: KubeconfigSource, options: HttpKubeClientOptions = {}): Promise<HttpKubeClient> {
    // client-node (kubeconfig parsing, exec and auth-provider plugins) loads only when a kubeconfig is used.
    const { kubeTransport } = await import('./kubeconfig-transport.js');
    return new HttpKubeClient(await kubeTransport(source), options);
  }

  constructor(
    private readonly transport: KubeTransport,
    private readonly options: HttpKubeClientOptions = {},
  ) {
    this.url = new URL(transport.server);
    this.secure = this.url.protocol === 'https:';
    // One TLS context for every connection: building it (parsing the CA, certificate and key) per
    // connection costs milliseconds each, and watches open many connections.
    const tlsOptions = this.secure ? withSharedSecureContext(transport.agentOptions) : transport.agentOptions;
    const common = { keepAlive: true, maxSockets: options.maxSockets ?? 64, maxFreeSockets: 32 };
    this.agent = this.secure ? new https.Agent({ ...tlsOptions, ...common }) : new http.Agent(common);
    // Watches hold their connection for minutes: they get their own pool so that they can never
    // take every socket of the request pool and starve ordinary requests.
    const streams = { keepAlive: true, maxFreeSockets: 8 };
    this.watchAgent = this.secure ? new https.Agent({ ...tlsOptions, ...streams }) : new http.Agent(streams);
    this.userAgent = options.userAgent ?? 'capstan-sdk/0.1';
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 5;
  }

  /** The namespace of the kubeconfig's current context; used when a namespaced call names none. */
  get defaultNamespace(): string {
    return this.transport.namespace;
  }

  /** The API server URL. */
  get server(): string {
    return this.transport.server;
  }

  /** Closes idle keep-alive sockets. Open watches end when their signals abort. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }

  async get<T extends KubeObject>(res: ResourceDescriptor<T>, name: string, namespace?: string): Promise<T> {
    const obj = await this.json<T>('GET', resourcePath(res, this.ns(res, namespace), name));
    return this.typed(res, obj);
  }

  async list<T extends KubeObject>(res: ResourceDescriptor<T>, options: ListOptions = {}): Promise<ObjectList<T>> {
    const path = withQuery(resourcePath(res, res.namespaced ? options.namespace : undefined), {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
    });
    const list = await this.json<ObjectList<T>>('GET', path);
    list.items = (list.items ?? []).map((o) => this.typed(res, o));
    list.metadata ??= {};
    return list;
  }

  async create<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options: WriteOptions = {}): Promise<T> {
    const body = this.typed(res, { ...obj });
    const path = withQuery(resourcePath(res, this.ns(res, obj.metadata?.namespace)), this.writeQuery(options));
    return this.typed(res, await this.json<T>('POST', path, body));
  }

  async update<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(res, obj, options);
  }

  async updateStatus<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(res, obj, options, 'status');
  }

  async patch<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    patch: unknown,
    type: PatchType,
    options: WriteOptions & { namespace?: string; subresource?: string; force?: boolean } = {},
  ): Promise<T> {
    const path = withQuery(resourcePath(res, this.ns(res, options.namespace), name, options.subresource), {
      ...this.writeQuery(options),
      force: type === 'apply' && options.force !== undefined ? options.force : undefined,
    });
    const result = await this.json<T>('PATCH', path, patch, { 'Content-Type': patchContentTypes[type] });
    return this.typed(res, result);
  }

  async apply<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    obj: T,
    options: WriteOptions & { fieldManager: string; force?: boolean; subresource?: string },
  ): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new TypeError('apply needs metadata.name');
    return this.patch(res, name, this.typed(res, { ...obj }), 'apply', {
      ...options,
      namespace: obj.metadata.namespace,
    });
  }

  async delete<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    name: string,
    namespace?: string,
    options: DeleteOptions = {},
  ): Promise<T | undefined> {
    const { dryRun, ...rest } = options;
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...rest, ...(dryRun ? { dryRun: ['All'] } : {}) };
    const result = await this.json<T & { kind?: string }>(
      'DELETE',
      resourcePath(res, this.ns(res, namespace), name),
      body,
    );
    if (!result || result.kind === 'Status') return undefined;
    return this.typed(res, result);
  }

  watch<T extends KubeObject>(res: ResourceDescriptor<T>, options: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    const path = withQuery(resourcePath(res, res.namespaced ? options.namespace : undefined), {
      watch: 'true',
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
      allowWatchBookmarks: options.allowWatchBookmarks ? 'true' : undefined,
      timeoutSeconds: options.timeoutSeconds,
    });
    return this.watchPath(res, path, options.signal);
  }

  async request<R = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<R> {
    return this.json<R>(method, path, body, headers);
  }

  private async *watchPath<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    path: string,
    signal?: AbortSignal,
  ): AsyncGenerator<WatchEvent<T>> {
    if (signal?.aborted) return;
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let response: http.IncomingMessage | undefined;
    try {
      try {
        response = await this.open('GET', path, undefined, {}, ac.signal, 0, false, this.watchAgent);
      } catch (err) {
        if (ac.signal.aborted) return;
        throw err;
      }
      if ((response.statusCode ?? 0) >= 400) throw errorOf(response.statusCode ?? 0, await readAll(response));
      response.setEncoding('utf8');
      let buf = '';
      try {
        for await (const chunk of response as AsyncIterable<string>) {
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            const ev = this.parseEvent(res, line);
            if (ev) yield ev;
          }
        }
      } catch (err) {
        if (ac.signal.aborted) return;
        throw err;
      }
      if (ac.signal.aborted) return;
      const ev = this.parseEvent(res, buf);
      if (ev) yield ev;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      ac.abort();
      response?.destroy();
    }
  }

  private parseEvent<T extends KubeObject>(res: ResourceDescriptor<T>, line: string): WatchEvent<T> | undefined {
    if (!line.trim()) return undefined;
    const ev = JSON.parse(line) as { type: string; object: Record<string, unknown> };
    if (ev.type === 'ERROR') {
      const status = ev.object as { code?: number; reason?: string; message?: string };
      throw errorFromStatus(typeof status.code === 'number' ? status.code : 500, status);
    }
    if (ev.type !== 'BOOKMARK') this.typed(res, ev.object as T);
    return ev as WatchEvent<T>;
  }

  private async put<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    obj: T,
    options: WriteOptions,
    subresource?: string,
  ): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new TypeError('update needs metadata.name');
    const path = withQuery(
      resourcePath(res, this.ns(res, obj.metadata.namespace), name, subresource),
      this.writeQuery(options),
    );
    return this.typed(res, await this.json<T>('PUT', path, this.typed(res, { ...obj })));
  }

  private writeQuery(options: WriteOptions): QueryParams {
    return {
      fieldManager: options.fieldManager ?? this.options.fieldManager,
      dryRun: options.dryRun ? 'All' : undefined,
      fieldValidation: options.fieldValidation,
    };
  }

  private ns(res: ResourceDescriptor<KubeObject>, namespace: string | undefined): string | undefined {
    return res.namespaced ? namespace || this.transport.namespace : undefined;
  }

  /** Fills apiVersion and kind (lists of built-in kinds leave them out of items). */
  private typed<T extends KubeObject>(res: ResourceDescriptor<T>, obj: T): T {
    if (obj && typeof obj === 'object') {
      obj.apiVersion ??= apiVersionOfDescriptor(res);
      obj.kind ??= res.kind;
    }
    return obj;
  }

  private async json<R>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<R> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const hdrs: Record<string, string> = { ...headers };
    if (payload && !hdrs['Content-Type']) hdrs['Content-Type'] = 'application/json';
    const r = await this.send(method, path, payload, hdrs);
    if (r.status >= 400) throw errorOf(r.status, r.body);
    if (r.body.length === 0) return undefined as R;
    const text = r.body.toString('utf8');
    const type = String(r.headers['content-type'] ?? '');
    if (type.includes('json') || /^\s*[[{]/.test(text)) return JSON.parse(text) as R;
    return text as R;
  }

  private async send(method: string, path: string, payload: Buffer | undefined, headers: Record<string, string>) {
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const res = await this.open(method, path, payload, headers, undefined, this.timeoutMs, refreshed);
      const r: RawResponse = { status: res.statusCode ?? 0, headers: res.headers, body: await readAll(res) };
      if (r.status === 401 && !refreshed) {
        refreshed = true;
        continue;
      }
      const retryAfter = Number(r.headers['retry-after']);
      if ((r.status === 429 || (r.status === 503 && r.headers['retry-after'])) && attempt < this.maxRetries) {
        const secs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 10) : 1;
        await new Promise((resolve) => setTimeout(resolve, secs * 1000));
        continue;
      }
      return r;
    }
  }

  private async open(
    method: string,
    path: string,
    payload: Buffer | undefined,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    refreshAuth = false,
    agent: http.Agent = this.agent,
  ): Promise<http.IncomingMessage> {
    const auth = await this.transport.headers(refreshAuth);
    const base = this.url.pathname.replace(/\/+$/, '');
    const req = (this.secure ? https : http).request({
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || (this.secure ? 443 : 80),
      method,
      path: base + path,
      agent,
      signal,
      headers: {
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...auth,
        ...headers,
        ...(payload ? { 'Content-Length': String(payload.length) } : {}),
      },
    });
    return new Promise((resolve, reject) => {
      req.once('response', resolve);
      req.once('error', reject);
      if (timeoutMs > 0)
        req.setTimeout(timeoutMs, () =>
          req.destroy(new Error(`request ${method} ${path} timed out after ${timeoutMs} ms`)),
        );
      req.end(payload);
    });
  }
}

function withSharedSecureContext(o: https.AgentOptions): https.AgentOptions {
  if (o.secureContext) return o;
  const { ca, cert, key, pfx, passphrase, ciphers, minVersion, maxVersion } = o;
  return {
    ...o,
    secureContext: createSecureContext({ ca, cert, key, pfx, passphrase, ciphers, minVersion, maxVersion }),
  };
}

/** Creates an HttpKubeClient from a kubeconfig (see HttpKubeClient.fromKubeconfig). */
export function createKubeClient(source?: KubeconfigSource, options?: HttpKubeClientOptions): Promise<HttpKubeClient> {
  return HttpKubeClient.fromKubeconfig(source, options);
}

function readAll(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', reject);
    res.once('aborted', () => reject(new Error('response aborted')));
  });
}

function errorOf(code: number, body: Buffer): ApiError {
  const text = body.toString('utf8');
  try {
    const status = JSON.parse(text) as { kind?: string; code?: number; reason?: string; message?: string };
    if (status && typeof status === 'object' && status.kind === 'Status') return errorFromStatus(code, status);
  } catch {
    // not JSON: fall through
  }
  return errorFromStatus(code, { message: text.trim() || `HTTP ${code}` });
}
