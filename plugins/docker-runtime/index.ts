export { DockerRuntime, defaultSandboxImage } from './docker-runtime.js';
export type { DockerRuntimeOptions } from './docker-runtime.js';
export { ensureBusyboxImage, buildBusyboxRootfs, busyboxImageReference } from './busybox-image.js';
export type { EnsureBusyboxOptions } from './busybox-image.js';
export { labelKeys } from './labels.js';
export { LogDemuxer, demuxBuffer } from './log-demux.js';
export { writeTar, scanTarNames, detectArchiveFormat } from './tar-archive.js';
export type { TarEntry } from './tar-archive.js';
export { readCgroupUsage } from './cgroup-stats.js';
