import type { Taint } from '../../sdk/scheduler/index.js';

/** What the configuration asks of the simulated nodes. */
export interface SimulatedNodesConfig {
  count: number;
  namePrefix?: string;
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
}

/** Thrown for a bad `simulatedNodes` value; names the key. */
export class SimulatedNodesConfigError extends Error {}

const stringMap = (v: unknown, key: string): Record<string, string> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string'))
    throw new SimulatedNodesConfigError(`simulatedNodes.${key}: must be a mapping of strings`);
  return { ...(v as Record<string, string>) };
};

/**
 * Reads the top-level `simulatedNodes:` section: either a count (`simulatedNodes: 3`) or a mapping
 *
 * ```yaml
 * simulatedNodes:
 *   count: 3
 *   namePrefix: sim-node-
 *   capacity: { cpu: "32", memory: 256Gi, pods: "110" }
 *   labels: { topology.kubernetes.io/zone: zone-a }
 *   taints: [{ key: dedicated, value: sim, effect: NoSchedule }]
 * ```
 *
 * Absent means no nodes.
 */
export function readSimulatedNodesConfig(value: unknown): SimulatedNodesConfig {
  if (value === undefined || value === null) return { count: 0 };
  const count = (v: unknown, key: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000)
      throw new SimulatedNodesConfigError(`${key}: must be a whole number from 0 to 100000`);
    return v;
  };
  if (typeof value === 'number') return { count: count(value, 'simulatedNodes') };
  if (typeof value !== 'object' || Array.isArray(value))
    throw new SimulatedNodesConfigError('simulatedNodes: must be a number or a mapping');
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!['count', 'namePrefix', 'capacity', 'labels', 'taints'].includes(k))
      throw new SimulatedNodesConfigError(`simulatedNodes.${k}: unknown key`);
  const out: SimulatedNodesConfig = { count: count(o['count'], 'simulatedNodes.count') };
  if (o['namePrefix'] !== undefined) {
    if (typeof o['namePrefix'] !== 'string' || !/^[a-z0-9]([-a-z0-9.]*)?$/.test(o['namePrefix']))
      throw new SimulatedNodesConfigError('simulatedNodes.namePrefix: must be the start of a DNS subdomain name');
    out.namePrefix = o['namePrefix'];
  }
  if (o['capacity'] !== undefined) out.capacity = stringMap(o['capacity'], 'capacity');
  if (o['labels'] !== undefined) out.labels = stringMap(o['labels'], 'labels');
  if (o['taints'] !== undefined) {
    const t = o['taints'];
    if (
      !Array.isArray(t) ||
      t.some(
        (x) =>
          x === null ||
          typeof x !== 'object' ||
          typeof (x as Taint).key !== 'string' ||
          !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes((x as Taint).effect),
      )
    )
      throw new SimulatedNodesConfigError(
        'simulatedNodes.taints: must be a list of {key, value?, effect: NoSchedule|PreferNoSchedule|NoExecute}',
      );
    out.taints = t as Taint[];
  }
  return out;
}
