import type { KubeTransport } from './kubeconfig-transport.js';

/** Credentials known in code (an in-process control plane, a test harness), instead of a kubeconfig. */
export interface StaticCredentials {
  /** `https://host:port`. */
  server: string;
  /** The cluster CA (PEM). */
  ca: string;
  /** A client certificate and key (PEM), or a bearer token. */
  cert?: string;
  key?: string;
  token?: string;
  /** Default `default`. */
  namespace?: string;
}

/**
 * A KubeTransport from credentials in hand, for `new HttpKubeClient(staticTransport(...))`: no
 * kubeconfig parsing and no @kubernetes/client-node load (hundreds of milliseconds), the same TLS
 * verification.
 */
export function staticTransport(c: StaticCredentials): KubeTransport {
  const headers: Record<string, string> = c.token ? { Authorization: `Bearer ${c.token}` } : {};
  return {
    server: c.server.replace(/\/+$/, ''),
    agentOptions: { ca: c.ca, cert: c.cert, key: c.key, rejectUnauthorized: true },
    namespace: c.namespace ?? 'default',
    headers: async () => headers,
  };
}
