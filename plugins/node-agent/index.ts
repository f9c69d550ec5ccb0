export { NodeAgent, NoRuntimeError, defaultAgentOptions } from './node-agent.js';
export type { NodeAgentOptions } from './node-agent.js';
export { readAgentConfig } from './node-agent-config.js';
export { RestartBackoff, defaultBackoffTimings, formatDelay } from './backoff.js';
export type { BackoffTimings } from './backoff.js';
export { resolveEnv, expandVars, expandCommand, envSourceNames, EnvResolutionError } from './env-resolver.js';
export type { EnvSources, ResolvedEnv } from './env-resolver.js';
export { fieldRefValue, resourceFieldRefValue, FieldRefError } from './field-refs.js';
export { buildPodStatus, podPhase } from './pod-status.js';
export type { ObservedPod } from './pod-status.js';
export { ProbeWorker, probeTiming } from './probe-worker.js';
export type { ProbeKind, ProbeOutcome, ProbeTiming } from './probe-worker.js';
export { volumeFiles, prepareVolumes, containerMounts, VolumeError } from './volume-builder.js';
export { ImageManager, defaultPullPolicy } from './image-manager.js';
export { defaultConflist, ensureConflist } from './cni-config.js';
export {
  forwardRule,
  ensureForwardRule,
  removeForwardRule,
  masqueradeRule,
  ensureMasqueradeRule,
  removeMasqueradeRule,
} from './forward-rule.js';
export { podNeedsSync } from './pod-change.js';
export { nodeStatus, nodeResources, nodeImages } from './node-status.js';
export { qosClass } from './qos.js';
export { PodWorker } from './pod-worker.js';
export { nodeAgentPlugin, NodeAgentService } from './node-agent-plugin.js';
export { nodeAgentPlugin as default } from './node-agent-plugin.js';
