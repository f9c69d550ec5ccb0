import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  createKubeClient,
  kubeTransport,
  loadKubeConfig,
  type HttpKubeClient,
  type KubeTransport,
} from '../../sdk/client/index.js';
import { CliError } from './cli-errors.js';
import { ResourceResolver } from './resource-resolver.js';

/** The kubeconfig flags of a command. */
export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** A client and what the command needs to know about its cluster. */
export interface KubeSession {
  readonly client: HttpKubeClient;
  /** The API server URL. */
  readonly server: string;
  /** `-n`, else the context's namespace, else `default`. */
  readonly namespace: string;
  /** True when -n was given (apply then refuses objects of another namespace). */
  readonly explicitNamespace: boolean;
  /** Resource names (`po`, `deploy`, `deployments.apps`) to resources, through discovery. */
  readonly resolver: ResourceResolver;
  /** The server, TLS and auth of the context, for streaming requests the client does not cover. */
  readonly transport: KubeTransport;
}

/**
 * The kubeconfig to use: --kubeconfig, else kubectl's rules ($KUBECONFIG, ~/.kube/config), else
 * the one `capstan up` wrote (`$CAPSTAN_DATA_DIR/kubeconfig.yaml`, default ~/.capstan).
 */
export function kubeconfigPathFor(flag: string | undefined, env = process.env): string | undefined {
  if (flag) return flag;
  if (env.KUBECONFIG) return undefined;
  if (existsSync(join(homedir(), '.kube', 'config'))) return undefined;
  const ours = join(env.CAPSTAN_DATA_DIR ?? join(homedir(), '.capstan'), 'kubeconfig.yaml');
  return existsSync(ours) ? ours : undefined;
}

/** Loads the kubeconfig, checks the context, and creates a client. Errors are one-line CliErrors. */
export async function openSession(flags: KubeFlags): Promise<KubeSession> {
  const path = kubeconfigPathFor(flags.kubeconfig);
  if (path && !existsSync(path)) throw new CliError(`stat ${path}: no such file or directory (check --kubeconfig)`);
  let kc;
  try {
    kc = loadKubeConfig(path ? { path } : undefined);
  } catch (e) {
    throw new CliError(`cannot load kubeconfig${path ? ` ${path}` : ''}: ${(e as Error).message}`);
  }
  const where = path ?? (process.env.KUBECONFIG || '~/.kube/config');
  if (flags.context) {
    if (!kc.getContextObject(flags.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new CliError(
        `context "${flags.context}" does not exist in ${where}${known.length ? ` (contexts: ${known.join(', ')})` : ''}`,
      );
    }
    kc.setCurrentContext(flags.context);
  }
  const current = kc.getCurrentContext();
  if (!current || !kc.getContextObject(current) || !kc.getCurrentCluster()) {
    throw new CliError(
      `no cluster configured in ${where}: start one with 'capstan up', or pass --kubeconfig and --context`,
    );
  }
  const transport = await kubeTransport(kc);
  const client = await createKubeClient(kc, { userAgent: 'capstan-cli/0.1', maxRetries: 2 });
  return {
    client,
    server: client.server,
    namespace: flags.namespace || client.defaultNamespace,
    explicitNamespace: Boolean(flags.namespace),
    resolver: new ResourceResolver(client),
    transport,
  };
}
