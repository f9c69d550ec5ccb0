import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CniResult } from '../../sdk/cni/index.js';

/** What is stored per attachment, in libcni's `cniCacheV1` layout. */
export interface CachedAttachment {
  readonly kind: 'cniCacheV1';
  readonly containerId: string;
  readonly ifName: string;
  readonly networkName: string;
  /** The configuration list used for ADD, base64 (DEL and CHECK reuse it). */
  readonly config: string;
  readonly cniArgs: readonly (readonly [string, string])[];
  readonly capabilityArgs?: Readonly<Record<string, unknown>>;
  readonly result: CniResult;
}

/** Results on disk under `<dir>/results/<network>-<containerId>-<ifName>`, as libcni keeps them. */
export class ResultCache {
  constructor(private readonly dir: string) {}

  private path(network: string, containerId: string, ifName: string): string {
    return join(this.dir, 'results', `${network}-${containerId}-${ifName}`);
  }

  /** Stores an attachment atomically (write then rename). */
  async put(entry: CachedAttachment): Promise<void> {
    const path = this.path(entry.networkName, entry.containerId, entry.ifName);
    await mkdir(join(this.dir, 'results'), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, JSON.stringify(entry), { mode: 0o600 });
    await rename(tmp, path);
  }

  /** The stored attachment, or undefined. */
  async get(network: string, containerId: string, ifName: string): Promise<CachedAttachment | undefined> {
    try {
      return JSON.parse(await readFile(this.path(network, containerId, ifName), 'utf8')) as CachedAttachment;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Forgets an attachment; idempotent. */
  async delete(network: string, containerId: string, ifName: string): Promise<void> {
    await rm(this.path(network, containerId, ifName), { force: true });
  }
}
