import Docker from 'dockerode';
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** True when the local Docker engine answers a ping. */
export async function dockerAvailable(): Promise<boolean> {
  try {
    await Promise.race([
      new Docker().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Directory of Debian's reference CNI plugins. */
export const cniBinDir = '/usr/lib/cni';

/** True when we are root and the bridge/host-local plugins, `ip` and `iptables` exist. */
export async function cniAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  try {
    await access(`${cniBinDir}/bridge`, constants.X_OK);
    await access(`${cniBinDir}/host-local`, constants.X_OK);
    await run('ip', ['-V']);
    await run('iptables', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** A short random hex suffix for names that must not clash between runs. */
export const suffix = (bytes = 3) => randomBytes(bytes).toString('hex');

/** A random /24 in 10.200.0.0 to 10.249.255.0 for a test's own bridge. */
export function randomSubnet(): { subnet: string; prefix: string } {
  const b = 200 + Math.floor(Math.random() * 50);
  const c = Math.floor(Math.random() * 256);
  return { subnet: `10.${b}.${c}.0/24`, prefix: `10.${b}.${c}.` };
}
