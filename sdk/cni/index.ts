export * from './cni-types.js';
export * from './pod-network.js';
