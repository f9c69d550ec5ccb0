import { access } from 'node:fs/promises';
import type {
  CniNetworkConfigList,
  CniPluginConf,
  CniResult,
  PodNetwork,
  PodNetworkAttachment,
  PodNetworkStatus,
} from '../../sdk/cni/index.js';
import { loadNetworkFromDir, parseNetworkConfig, type LoadedNetwork } from './conflist-loader.js';
import { execPlugin, findPlugin } from './plugin-exec.js';
import { ResultCache, type CachedAttachment } from './result-cache.js';

/** Spec versions this runner can speak, oldest first. */
export const supportedCniVersions = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

/** Where the runner finds its network and plugins, and keeps its results. */
export interface CniRunnerOptions {
  /** Directory of `*.conflist` / `*.conf` / `*.json` files (first valid one in lexical order). */
  readonly confDir?: string;
  /** A configuration list given directly instead of `confDir`. */
  readonly network?: CniNetworkConfigList;
  /** Directories searched for plugin binaries, in order; also passed as `CNI_PATH`. */
  readonly binDirs: readonly string[];
  /** Directory for cached results (libcni uses `/var/lib/cni`). */
  readonly cacheDir: string;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version a list is run with: the highest of `cniVersion` and `cniVersions` this runner supports. */
export function negotiateVersion(list: CniNetworkConfigList): string {
  const offered = [list.cniVersion, ...(list.cniVersions ?? [])].filter((v): v is string => typeof v === 'string');
  const usable = offered.filter((v) => (supportedCniVersions as readonly string[]).includes(v));
  if (usable.length === 0) throw new Error(`network ${list.name}: no supported CNI version in [${offered.join(', ')}]`);
  return usable.sort(compareVersions).at(-1)!;
}

/**
 * The request config sent to one plugin: the plugin's object with `cniVersion` and `name` set,
 * `capabilities` replaced by the matching `runtimeConfig`, and `prevResult` when given.
 */
export function pluginRequest(
  list: CniNetworkConfigList,
  version: string,
  plugin: CniPluginConf,
  capabilityArgs: Readonly<Record<string, unknown>> | undefined,
  prevResult: CniResult | undefined,
): Record<string, unknown> {
  const { capabilities, ...rest } = plugin;
  const request: Record<string, unknown> = { ...rest, cniVersion: version, name: list.name };
  const runtimeConfig: Record<string, unknown> = {};
  for (const [cap, enabled] of Object.entries(capabilities ?? {})) {
    if (enabled && capabilityArgs && cap in capabilityArgs) runtimeConfig[cap] = capabilityArgs[cap];
  }
  if (Object.keys(runtimeConfig).length > 0) request['runtimeConfig'] = runtimeConfig;
  if (prevResult !== undefined) request['prevResult'] = prevResult;
  return request;
}

/** Pod IPs of a result without prefix length, IPv4 first. */
export function podIps(result: CniResult): string[] {
  const ips = (result.ips ?? []).map((ip) => ip.address.split('/')[0]!);
  return [...ips.filter((ip) => !ip.includes(':')), ...ips.filter((ip) => ip.includes(':'))];
}

/**
 * Runs CNI plugins as the CNI spec 1.0 says: ADD through the list in order with `prevResult`
 * chaining, CHECK and DEL with the stored result (DEL in reverse order), results cached on disk,
 * and operations on one container serialised.
 */
export class CniRunner implements PodNetwork {
  private readonly cache: ResultCache;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: CniRunnerOptions) {
    if (!options.confDir && !options.network) throw new Error('CniRunner needs confDir or network');
    this.cache = new ResultCache(options.cacheDir);
  }

  /** The network in use now (re-read from the config dir on each call, as libcni does). */
  async network(): Promise<LoadedNetwork> {
    if (this.options.network) {
      const bytes = Buffer.from(JSON.stringify(this.options.network));
      return { file: '<inline>', list: parseNetworkConfig(bytes), bytes };
    }
    return loadNetworkFromDir(this.options.confDir!);
  }

  private serialise<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return next;
  }

  private cniArgs(a: PodNetworkAttachment): [string, string][] {
    const args: [string, string][] = [['IgnoreUnknown', '1']];
    if (a.podNamespace) args.push(['K8S_POD_NAMESPACE', a.podNamespace]);
    if (a.podName) args.push(['K8S_POD_NAME', a.podName]);
    args.push(['K8S_POD_INFRA_CONTAINER_ID', a.containerId]);
    if (a.podUid) args.push(['K8S_POD_UID', a.podUid]);
    return args;
  }

  private env(
    a: PodNetworkAttachment,
    ifName: string,
    netns: string | undefined,
    args: readonly (readonly [string, string])[],
  ) {
    const env: Record<string, string> = {
      CNI_CONTAINERID: a.containerId,
      CNI_IFNAME: ifName,
      CNI_ARGS: args.map(([k, v]) => `${k}=${v}`).join(';'),
      CNI_PATH: this.options.binDirs.join(':'),
    };
    if (netns) env['CNI_NETNS'] = netns;
    return env;
  }

  private async invoke(
    plugin: CniPluginConf,
    command: 'ADD' | 'DEL' | 'CHECK',
    env: Record<string, string>,
    request: Record<string, unknown>,
  ): Promise<unknown> {
    const path = await findPlugin(this.options.binDirs, plugin.type);
    return execPlugin(path, { type: plugin.type, command, env, stdin: request });
  }

  private validate(a: PodNetworkAttachment, ifName: string): void {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(a.containerId)) throw new Error(`invalid container ID "${a.containerId}"`);
    if (ifName.length === 0 || ifName.length > 15 || ifName === '.' || ifName === '..' || /[/:\s]/.test(ifName)) {
      throw new Error(`invalid interface name "${ifName}"`);
    }
  }

  /** {@inheritDoc PodNetwork.setUp} */
  async setUp(a: PodNetworkAttachment): Promise<PodNetworkStatus> {
    const ifName = a.ifName ?? 'eth0';
    this.validate(a, ifName);
    return this.serialise(a.containerId, async () => {
      const { list, bytes } = await this.network();
      const version = negotiateVersion(list);
      const args = this.cniArgs(a);
      const env = this.env(a, ifName, a.netnsPath, args);
      let prev: CniResult | undefined;
      try {
        for (const plugin of list.plugins) {
          const out = await this.invoke(
            plugin,
            'ADD',
            env,
            pluginRequest(list, version, plugin, a.capabilityArgs, prev),
          );
          prev = (out as CniResult | undefined) ?? prev;
        }
      } catch (err) {
        // Release whatever the plugins that ran allocated, then report the ADD failure.
        await this.runDel(list, version, a, ifName, args, prev).catch(() => undefined);
        throw err;
      }
      const result = prev ?? { cniVersion: version };
      const entry: CachedAttachment = {
        kind: 'cniCacheV1',
        containerId: a.containerId,
        ifName,
        networkName: list.name,
        config: bytes.toString('base64'),
        cniArgs: args,
        capabilityArgs: a.capabilityArgs,
        result,
      };
      await this.cache.put(entry);
      return { ips: podIps(result), result };
    });
  }

  /** {@inheritDoc PodNetwork.check} */
  async check(a: PodNetworkAttachment): Promise<void> {
    const ifName = a.ifName ?? 'eth0';
    this.validate(a, ifName);
    return this.serialise(a.containerId, async () => {
      const { list: current } = await this.network();
      const cached = await this.cache.get(current.name, a.containerId, ifName);
      if (!cached) throw new Error(`no cached result for ${current.name}/${a.containerId}/${ifName}`);
      const list = parseNetworkConfig(Buffer.from(cached.config, 'base64'));
      if (list.disableCheck) return;
      const version = negotiateVersion(list);
      if (compareVersions(version, '0.4.0') < 0) return; // CHECK exists from 0.4.0 on
      const env = this.env(a, ifName, a.netnsPath, cached.cniArgs);
      for (const plugin of list.plugins) {
        await this.invoke(
          plugin,
          'CHECK',
          env,
          pluginRequest(list, version, plugin, cached.capabilityArgs, cached.result),
        );
      }
    });
  }

  /** {@inheritDoc PodNetwork.tearDown} */
  async tearDown(a: PodNetworkAttachment): Promise<void> {
    const ifName = a.ifName ?? 'eth0';
    this.validate(a, ifName);
    return this.serialise(a.containerId, async () => {
      const { list: current } = await this.network();
      const cached = await this.cache.get(current.name, a.containerId, ifName);
      const list = cached ? parseNetworkConfig(Buffer.from(cached.config, 'base64')) : current;
      const version = negotiateVersion(list);
      await this.runDel(
        list,
        version,
        a,
        ifName,
        cached?.cniArgs ?? this.cniArgs(a),
        cached?.result,
        cached?.capabilityArgs,
      );
      await this.cache.delete(list.name, a.containerId, ifName);
    });
  }

  private async runDel(
    list: CniNetworkConfigList,
    version: string,
    a: PodNetworkAttachment,
    ifName: string,
    args: readonly (readonly [string, string])[],
    prevResult: CniResult | undefined,
    capabilityArgs = a.capabilityArgs,
  ): Promise<void> {
    // A netns that is gone is left out, so plugins only release what lives outside it.
    let netns = a.netnsPath;
    if (netns) {
      try {
        await access(netns);
      } catch {
        netns = undefined;
      }
    }
    const env = this.env(a, ifName, netns, args);
    for (const plugin of [...list.plugins].reverse()) {
      await this.invoke(plugin, 'DEL', env, pluginRequest(list, version, plugin, capabilityArgs, prevResult));
    }
  }

  /** {@inheritDoc PodNetwork.status} */
  async status(containerId: string, ifName = 'eth0'): Promise<PodNetworkStatus | undefined> {
    const { list } = await this.network();
    const cached = await this.cache.get(list.name, containerId, ifName);
    return cached ? { ips: podIps(cached.result), result: cached.result } : undefined;
  }
}
