import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import type { CapstanConfig } from '../../../core/config/capstan-config.js';
import { startControlPlane, type ControlPlane } from '../../../core/control-plane/control-plane.js';
import { removeMasqueradeRule } from '../../../plugins/node-agent/forward-rule.js';

export const run = promisify(execFile);

/** True when Docker answers, we are root and the reference CNI plugins are installed. */
export async function nodeAgentHostReady(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await access('/usr/lib/cni/bridge', constants.X_OK);
    await access('/usr/lib/cni/host-local', constants.X_OK);
    await run('iptables', ['--version']);
    await Promise.race([
      new Docker().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Names, subnet and dirs of one test node, unique per run. */
export interface TestNode {
  readonly name: string;
  readonly bridge: string;
  readonly network: string;
  readonly subnet: string;
  readonly dataDir: string;
}

export function testNode(dataDir: string): TestNode {
  const id = randomBytes(3).toString('hex');
  return {
    name: `e2e-node-${id}`,
    bridge: `cap${id}`,
    network: `capstan-e2e-${id}`,
    subnet: `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 256)}.0/24`,
    dataDir,
  };
}

/**
 * The configuration that enables the node agent for a test node; `fastRetries` (default true)
 * shortens the restart back-off and resync for tests, false keeps the agent's defaults (benchmarks).
 */
export function agentConfig(node: TestNode, { fastRetries = true }: { fastRetries?: boolean } = {}): CapstanConfig {
  return {
    plugins: {
      enable: ['node-agent'],
      disable: [],
      required: [],
      paths: [],
      config: {
        'node-agent': {
          nodeName: node.name,
          dataDir: join(node.dataDir, 'agent'),
          podCIDR: node.subnet,
          bridge: node.bridge,
          networkName: node.network,
          cniConfDir: join(node.dataDir, 'cni', 'net.d'),
          ...(fastRetries ? { backoff: { initialSeconds: 2, maxSeconds: 8 }, resyncSeconds: 2 } : {}),
        },
        'docker-runtime': { owner: node.name },
        'cni-runner': { confDir: join(node.dataDir, 'cni', 'net.d'), cacheDir: join(node.dataDir, 'cni', 'cache') },
      },
    },
    source: '<inline>',
    baseDir: process.cwd(),
  };
}

/** A control plane on SQLite in the node's data dir, with the agent. */
export function startAgentPlane(node: TestNode): Promise<ControlPlane> {
  return startControlPlane({
    dataDir: node.dataDir,
    port: 0,
    config: agentConfig(node),
    logger: pino({ level: process.env.CAPSTAN_TEST_LOG ?? 'silent' }),
  });
}

/** The host-local IPAM files of the node's network (one per allocated IP). */
export function ipamDir(node: TestNode): string {
  return join(node.dataDir, 'agent', 'cni', 'networks', node.network);
}

/**
 * Removes what a test node leaves on the host: its containers (by owner label), the NAT rules
 * the bridge plugin added for its network, the agent's masquerade and FORWARD rules and the bridge.
 */
export async function cleanHost(node: TestNode): Promise<void> {
  const docker = new Docker();
  const list = await docker.listContainers({ all: true, filters: { label: [`io.capstan.owner=${node.name}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  const nat = (await run('iptables', ['-t', 'nat', '-S']).catch(() => ({ stdout: '' }))).stdout.split('\n');
  const chains = new Set<string>();
  for (const line of nat) {
    if (!line.startsWith('-A POSTROUTING') || !line.includes(`name: \\"${node.network}\\"`)) continue;
    const chain = /-j (CNI-[0-9a-f]+)/.exec(line)?.[1];
    if (chain) chains.add(chain);
    const args = line.replace(/^-A/, '-D').match(/"[^"\\]*(?:\\.[^"\\]*)*"|\S+/g) ?? [];
    await run('iptables', ['-t', 'nat', ...args.map((a) => (a.startsWith('"') ? JSON.parse(a) : a))]).catch(
      () => undefined,
    );
  }
  for (const c of chains) {
    await run('iptables', ['-t', 'nat', '-F', c]).catch(() => undefined);
    await run('iptables', ['-t', 'nat', '-X', c]).catch(() => undefined);
  }
  for (let i = 0; i < 5; i++) {
    const r = await run('iptables', [
      '-D',
      'FORWARD',
      '-i',
      node.bridge,
      '-o',
      node.bridge,
      '-j',
      'ACCEPT',
      '-m',
      'comment',
      '--comment',
      'capstan pod-to-pod',
    ]).catch(() => undefined);
    if (!r) break;
  }
  await removeMasqueradeRule(node.bridge, node.subnet);
  await run('ip', ['link', 'del', node.bridge]).catch(() => undefined);
}
