import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startControlPlane, type ControlPlane } from '../core/control-plane/control-plane.js';
import {
  agentConfig,
  cleanHost,
  nodeAgentHostReady,
  testNode,
  type TestNode,
} from '../test/plugins/node-agent/agent-host.js';

export { nodeAgentHostReady };

/** A control plane with the node agent on this machine, on a bench-owned bridge, subnet and CNI dirs. */
export interface BenchNode {
  readonly node: TestNode;
  readonly plane: ControlPlane;
}

/** Starts the control plane (SQLite store in a temp dir, as `capstan up`) with the node agent. */
export async function startBenchNode(): Promise<BenchNode> {
  const node = testNode(await mkdtemp(join(tmpdir(), 'capstan-pod-startup-')));
  try {
    const plane = await startControlPlane({
      dataDir: node.dataDir,
      port: 0,
      // Its own node name, bridge, /24 pod subnet, network and CNI dirs: nothing of a running `capstan up`.
      config: agentConfig(node, { fastRetries: false }),
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
