import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

async function readNumber(path: string): Promise<number | undefined> {
  try {
    const n = Number((await readFile(path, 'utf8')).trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

async function readKeyed(path: string): Promise<Record<string, number> | undefined> {
  try {
    const out: Record<string, number> = {};
    for (const line of (await readFile(path, 'utf8')).split('\n')) {
      const [k, v] = line.split(' ');
      if (k && v) out[k] = Number(v);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** CPU and memory figures read from a container's cgroup. */
export interface CgroupUsage {
  readonly cpuNanos: number;
  readonly memoryUsage: number;
  readonly workingSet: number;
  readonly rss?: number;
}

/**
 * Reads usage straight from the cgroup filesystem (much faster than the engine's stats call,
 * which samples for a second): cgroup v1 `memory`/`cpuacct` controllers, else the v2 unified
 * tree. `cgroupPath` is relative, for example `docker/<id>`. Undefined when neither exists.
 */
export async function readCgroupUsage(root: string, cgroupPath: string): Promise<CgroupUsage | undefined> {
  const v1Usage = await readNumber(join(root, 'memory', cgroupPath, 'memory.usage_in_bytes'));
  if (v1Usage !== undefined) {
    const stat = (await readKeyed(join(root, 'memory', cgroupPath, 'memory.stat'))) ?? {};
    const cpu = (await readNumber(join(root, 'cpuacct', cgroupPath, 'cpuacct.usage'))) ?? 0;
    const inactive = stat['total_inactive_file'] ?? stat['inactive_file'] ?? 0;
    return {
      cpuNanos: cpu,
      memoryUsage: v1Usage,
      workingSet: Math.max(0, v1Usage - inactive),
      rss: stat['total_rss'] ?? stat['rss'],
    };
  }
  const v2Usage = await readNumber(join(root, cgroupPath, 'memory.current'));
  if (v2Usage !== undefined) {
    const stat = (await readKeyed(join(root, cgroupPath, 'memory.stat'))) ?? {};
    const cpu = (await readKeyed(join(root, cgroupPath, 'cpu.stat'))) ?? {};
    return {
      cpuNanos: (cpu['usage_usec'] ?? 0) * 1000,
      memoryUsage: v2Usage,
      workingSet: Math.max(0, v2Usage - (stat['inactive_file'] ?? 0)),
      rss: stat['anon'],
    };
  }
  return undefined;
}
