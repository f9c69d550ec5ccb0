import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CapstanConfig } from '../core/config/capstan-config.js';
import { startControlPlane, type ControlPlane } from '../core/control-plane/control-plane.js';
import { cleanHost, nodeAgentHostReady, testNode, type TestNode } from '../test/plugins/node-agent/agent-host.js';

export { nodeAgentHostReady };

/** A control plane with the node agent on this machine, on a bench-owned bridge, subnet and CNI dirs. */
export interface BenchNode {
  readonly node: TestNode;
  readonly plane: ControlPlane;
}

/**
 * The node agent's configuration as `capstan up` has it (default resync, back-off and lease
 * timings), but with its own node name, bridge, /24 pod subnet, network name and CNI dirs under
 * `node.dataDir`, so that the bench touches nothing of a running `capstan up`.
 */
function benchAgentConfig(node: TestNode): CapstanConfig {
  const cni = join(node.dataDir, 'cni');
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
          cniConfDir: join(cni, 'net.d'),
        },
        'docker-runtime': { owner: node.name },
        'cni-runner': { confDir: join(cni, 'net.d'), cacheDir: join(cni, 'cache') },
      },
    },
    source: '<inline>',
    baseDir: process.cwd(),
  };
}

/** Starts the control plane (SQLite store in a temp dir, as `capstan up`) with the node agent. */
export async function startBenchNode(): Promise<BenchNode> {
  const node = testNode(await mkdtemp(join(tmpdir(), 'capstan-pod-startup-')));
  try {
    const plane = await startControlPlane({
      dataDir: node.dataDir,
      port: 0,
      config: benchAgentConfig(node),
      logger: pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2)),
    });
    return { node, plane };
  } catch (err) {
    await cleanNodeHost(node);
    throw err;
  }
}

/**
 * Removes what the bench node leaves on the host: its containers, the bridge plugin's NAT rules
 * and chains, the FORWARD rule, the bridge, and the data dir (IPAM state, CNI cache, volumes).
 */
export async function cleanNodeHost(node: TestNode): Promise<void> {
  await cleanHost(node);
  rmSync(node.dataDir, { recursive: true, force: true });
}
