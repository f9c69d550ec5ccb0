/**
 * Simulated (kwok-like) nodes: Node objects with leases and a Ready condition kept fresh, whose
 * bound pods are moved to Running without containers. For scale tests and machines without Docker.
 */
import { simulatedNodesPlugin } from './simulated-nodes-plugin.js';

export { SimulatedNodes, type SimulatedNodesOptions } from './simulated-nodes.js';
export { simulatedNodesPlugin, simulatedNodesLease } from './simulated-nodes-plugin.js';
export {
  readSimulatedNodesConfig,
  SimulatedNodesConfigError,
  type SimulatedNodesConfig,
} from './simulated-nodes-config.js';
export default simulatedNodesPlugin;
