import type { AgentOptions, RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/** Where a kubeconfig comes from: a file path, YAML text, a loaded KubeConfig, or (undefined) the default loading rules. */
export type KubeconfigSource = string | { path?: string; yaml?: string; context?: string } | KubeConfig | undefined;

/** What the HTTP client needs from a kubeconfig: the server, TLS options, and auth headers. */
export interface KubeTransport {
  /** `https://host:port` (or `http://`), without a trailing slash. */
  server: string;
  /** TLS options for the keep-alive agent (CA, client certificate, servername, verification). */
  agentOptions: AgentOptions;
  /** The namespace of the current context (`default` when unset). */
  namespace: string;
  /**
   * Auth headers for the next request (bearer token, basic auth, impersonation). Tokens from exec
   * or auth-provider plugins can expire; `refresh` asks the kubeconfig again.
   */
  headers(refresh?: boolean): Promise<Record<string, string>>;
}

/** Loads a KubeConfig from a source (see KubeconfigSource). */
export function loadKubeConfig(source: KubeconfigSource): KubeConfig {
  if (source instanceof KubeConfig) return source;
  const kc = new KubeConfig();
  if (source === undefined) kc.loadFromDefault();
  else if (typeof source === 'string') {
    if (/\n/.test(source) || /^\s*(apiVersion|kind|clusters)\s*:/.test(source)) kc.loadFromString(source);
    else kc.loadFromFile(source);
  } else if (source.yaml !== undefined) kc.loadFromString(source.yaml);
  else if (source.path !== undefined) kc.loadFromFile(source.path);
  else kc.loadFromDefault();
  if (typeof source === 'object' && !(source instanceof KubeConfig) && source.context)
    kc.setCurrentContext(source.context);
  return kc;
}

const headerTtlMs = 60_000;

/** Builds the transport of a kubeconfig with client-node's own TLS and auth handling. */
export async function kubeTransport(source: KubeconfigSource): Promise<KubeTransport> {
  const kc = loadKubeConfig(source);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const ctx = kc.getContextObject(kc.getCurrentContext());
  const resolve = async () => {
    const opts: RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    return { opts, headers };
  };
  const first = await resolve();
  const o = first.opts;
  const agentOptions: AgentOptions = {
    ca: o.ca,
    cert: o.cert,
    key: o.key,
    pfx: o.pfx,
    passphrase: o.passphrase,
    servername: cluster.tlsServerName ?? o.servername ?? undefined,
  };
  if (cluster.skipTLSVerify) agentOptions.rejectUnauthorized = false;
  else if (o.rejectUnauthorized !== undefined) agentOptions.rejectUnauthorized = o.rejectUnauthorized;
  let cached = { headers: first.headers, at: Date.now() };
  return {
    server: cluster.server.replace(/\/+$/, ''),
    agentOptions,
    namespace: ctx?.namespace || 'default',
    async headers(refresh = false) {
      if (refresh || Date.now() - cached.at > headerTtlMs)
        cached = { headers: (await resolve()).headers, at: Date.now() };
      return cached.headers;
    },
  };
}
