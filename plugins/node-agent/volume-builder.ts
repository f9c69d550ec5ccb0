import { chmod, mkdir, rm, writeFile, stat, open } from 'node:fs/promises';
import { dirname, join, normalize, isAbsolute } from 'node:path';
import type { Mount } from '../../sdk/cri/index.js';
import { fieldRefValue, resourceFieldRefValue, type DownwardContext } from './field-refs.js';
import { keyedEntries, type EnvSources } from './env-resolver.js';
import type { ContainerSpec, DownwardApiFile, KeyToPath, KeyedData, PodV1, Volume } from './pod-types.js';

/** Thrown when a volume cannot be prepared (kubelet reports FailedMount). */
export class VolumeError extends Error {}

/** A file a projected-style volume holds: relative path, content and mode. */
export interface VolumeFile {
  readonly path: string;
  readonly content: Buffer;
  readonly mode: number;
}

function safeRelative(path: string): string {
  const n = normalize(path);
  if (isAbsolute(n) || n.startsWith('..'))
    throw new VolumeError(`invalid path ${JSON.stringify(path)}: must be relative and not contain '..'`);
  return n;
}

function keyedFiles(
  kind: 'configmap' | 'secret',
  name: string,
  data: KeyedData | undefined,
  items: KeyToPath[] | undefined,
  optional: boolean | undefined,
  mode: number,
): VolumeFile[] {
  if (!data) {
    if (optional) return [];
    throw new VolumeError(`${kind} "${name}" not found`);
  }
  const entries = new Map(keyedEntries(data, kind === 'secret'));
  if (!items?.length) return [...entries].map(([k, v]) => ({ path: k, content: Buffer.from(v), mode }));
  return items
    .map((i): VolumeFile | undefined => {
      const v = entries.get(i.key);
      if (v === undefined) {
        if (optional) return undefined;
        throw new VolumeError(`configmap references non-existent config key: ${i.key}`);
      }
      return { path: safeRelative(i.path), content: Buffer.from(v), mode: i.mode ?? mode };
    })
    .filter((f): f is VolumeFile => f !== undefined);
}

function downwardFiles(
  pod: PodV1,
  items: DownwardApiFile[] | undefined,
  mode: number,
  ctx: DownwardContext,
): VolumeFile[] {
  return (items ?? []).map((i) => {
    const value = i.fieldRef
      ? fieldRefValue(pod, i.fieldRef, ctx)
      : i.resourceFieldRef
        ? resourceFieldRefValue(pod, i.resourceFieldRef, undefined, ctx)
        : '';
    return { path: safeRelative(i.path), content: Buffer.from(value), mode: i.mode ?? mode };
  });
}

/**
 * The files of a configMap, secret, downwardAPI or projected volume (pure: from the sources and
 * the pod). Undefined for volume types that are not file sets (emptyDir, hostPath).
 */
export function volumeFiles(
  pod: PodV1,
  volume: Volume,
  sources: EnvSources,
  ctx: DownwardContext,
): VolumeFile[] | undefined {
  if (volume.configMap) {
    const name = volume.configMap.name ?? '';
    return keyedFiles(
      'configmap',
      name,
      sources.configMaps.get(name),
      volume.configMap.items,
      volume.configMap.optional,
      volume.configMap.defaultMode ?? 0o644,
    );
  }
  if (volume.secret) {
    const name = volume.secret.secretName ?? '';
    return keyedFiles(
      'secret',
      name,
      sources.secrets.get(name),
      volume.secret.items,
      volume.secret.optional,
      volume.secret.defaultMode ?? 0o644,
    );
  }
  if (volume.downwardAPI)
    return downwardFiles(pod, volume.downwardAPI.items, volume.downwardAPI.defaultMode ?? 0o644, ctx);
  if (volume.projected) {
    const mode = volume.projected.defaultMode ?? 0o644;
    const out: VolumeFile[] = [];
    for (const s of volume.projected.sources ?? []) {
      if (s.configMap)
        out.push(
          ...keyedFiles(
            'configmap',
            s.configMap.name ?? '',
            sources.configMaps.get(s.configMap.name ?? ''),
            s.configMap.items,
            s.configMap.optional,
            mode,
          ),
        );
      else if (s.secret)
        out.push(
          ...keyedFiles(
            'secret',
            s.secret.name ?? '',
            sources.secrets.get(s.secret.name ?? ''),
            s.secret.items,
            s.secret.optional,
            mode,
          ),
        );
      else if (s.downwardAPI) out.push(...downwardFiles(pod, s.downwardAPI.items, mode, ctx));
      // serviceAccountToken sources need the TokenRequest API; they are left out (no file).
    }
    return out;
  }
  return undefined;
}

/** The ConfigMap and Secret names a pod's volumes refer to. */
export function volumeSourceNames(pod: PodV1): { configMaps: string[]; secrets: string[] } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  for (const v of pod.spec.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
    }
  }
  return { configMaps: [...configMaps], secrets: [...secrets] };
}

/** Where a pod's volumes live on the host: `<dataDir>/pods/<uid>/volumes/<name>`. */
export function podDir(dataDir: string, uid: string): string {
  return join(dataDir, 'pods', uid);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Prepares every volume of a pod on the host (directories for emptyDir, files for the file-set
 * kinds, hostPath checked or created per its type) and returns the host path of each volume.
 * Idempotent: file sets are rewritten with their current content.
 */
export async function prepareVolumes(
  pod: PodV1,
  dataDir: string,
  sources: EnvSources,
  ctx: DownwardContext,
): Promise<Map<string, string>> {
  const base = join(podDir(dataDir, pod.metadata.uid ?? ''), 'volumes');
  const paths = new Map<string, string>();
  for (const v of pod.spec.volumes ?? []) {
    if (v.hostPath) {
      const p = v.hostPath.path;
      const type = v.hostPath.type ?? '';
      if (type === 'DirectoryOrCreate') await mkdir(p, { recursive: true, mode: 0o755 });
      else if (type === 'FileOrCreate') {
        await mkdir(dirname(p), { recursive: true });
        await (await open(p, 'a')).close();
      } else if (type !== '' && !(await exists(p))) {
        throw new VolumeError(`hostPath type check failed: ${p} is not a ${type === 'File' ? 'file' : 'directory'}`);
      }
      paths.set(v.name, p);
      continue;
    }
    const dir = join(base, v.name);
    const files = volumeFiles(pod, v, sources, ctx);
    if (files === undefined) {
      // emptyDir, and kinds the agent does not provide (they get an empty directory).
      await mkdir(dir, { recursive: true, mode: 0o777 });
      await chmod(dir, 0o777);
    } else {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true, mode: 0o755 });
      for (const f of files) {
        const target = join(dir, f.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, f.content, { mode: f.mode });
        await chmod(target, f.mode);
      }
    }
    paths.set(v.name, dir);
  }
  return paths;
}

/** The bind mounts of a container from its volumeMounts (subPath joined onto the volume's path). */
export function containerMounts(container: ContainerSpec, volumePaths: ReadonlyMap<string, string>): Mount[] {
  return (container.volumeMounts ?? []).map((m) => {
    const host = volumePaths.get(m.name);
    if (!host) throw new VolumeError(`volume "${m.name}" not found for mount ${m.mountPath}`);
    return {
      containerPath: m.mountPath,
      hostPath: m.subPath ? join(host, safeRelative(m.subPath)) : host,
      readonly: m.readOnly ?? false,
    };
  });
}

/** Removes a pod's directory (volumes included). */
export async function removePodDir(dataDir: string, uid: string): Promise<void> {
  await rm(podDir(dataDir, uid), { recursive: true, force: true });
}
