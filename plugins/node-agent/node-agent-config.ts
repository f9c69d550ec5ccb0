import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { defaultBackoffTimings } from './backoff.js';
import { defaultAgentOptions, type NodeAgentOptions } from './node-agent.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/**
 * The agent's options from `plugins.config.node-agent`: `nodeName` (default the host name),
 * `dataDir` (default ~/.capstan/agent), `podCIDR` (10.88.0.0/16), `bridge` (capstan0), `networkName` (capstan),
 * `cniConfDir` (default the cni-runner's confDir, else /etc/cni/net.d), `writeCniConfig` (true),
 * `manageForwardRule` (true), `hostIP`, `maxPods` (110), `leaseDurationSeconds` (40),
 * `leaseRenewSeconds` (10), `statusReportSeconds` (60), `resyncSeconds` (10) and
 * `backoff: {initialSeconds, maxSeconds, resetSeconds}`.
 */
export function readAgentConfig(
  config: Record<string, unknown>,
  cniRunnerConfig: Record<string, unknown> = {},
): NodeAgentOptions {
  const nodeName = (str(config['nodeName']) ?? hostname()).toLowerCase();
  const dataDir = str(config['dataDir']) ?? join(homedir(), '.capstan', 'agent');
  const d = defaultAgentOptions(nodeName, dataDir);
  const confDir = str(config['cniConfDir']) ?? str(cniRunnerConfig['confDir']) ?? '/etc/cni/net.d';
  const b = (config['backoff'] ?? {}) as Record<string, unknown>;
  return {
    ...d,
    podCIDR: str(config['podCIDR']) ?? d.podCIDR,
    bridge: str(config['bridge']) ?? d.bridge,
    networkName: str(config['networkName']),
    cniConfDir: bool(config['writeCniConfig']) === false ? undefined : confDir,
    manageForwardRule: bool(config['manageForwardRule']) ?? d.manageForwardRule,
    hostIP: str(config['hostIP']),
    maxPods: num(config['maxPods']) ?? d.maxPods,
    leaseDurationSeconds: num(config['leaseDurationSeconds']) ?? d.leaseDurationSeconds,
    leaseRenewMs: (num(config['leaseRenewSeconds']) ?? d.leaseRenewMs / 1000) * 1000,
    statusReportMs: (num(config['statusReportSeconds']) ?? d.statusReportMs / 1000) * 1000,
    resyncMs: (num(config['resyncSeconds']) ?? d.resyncMs / 1000) * 1000,
    backoff: {
      initialMs: (num(b['initialSeconds']) ?? defaultBackoffTimings.initialMs / 1000) * 1000,
      maxMs: (num(b['maxSeconds']) ?? defaultBackoffTimings.maxMs / 1000) * 1000,
      resetAfterMs: (num(b['resetSeconds']) ?? defaultBackoffTimings.resetAfterMs / 1000) * 1000,
    },
  };
}
