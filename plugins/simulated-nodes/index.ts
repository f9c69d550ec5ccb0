/**
 * Simulated (kwok-like) nodes: Node objects with leases and a Ready condition kept fresh, whose
 * bound pods are moved to Running without containers. For scale tests and machines without Docker.
 */
export { SimulatedNodes, type SimulatedNodesOptions } from './simulated-nodes.js';
