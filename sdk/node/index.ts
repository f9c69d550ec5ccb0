/** Node-level contracts: what a node agent offers the API server. */
export * from './pod-streams.js';
