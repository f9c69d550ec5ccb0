import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The iptables rule that lets pods on the bridge reach each other: Docker sets the FORWARD policy
 * to DROP and br_netfilter sends bridged traffic through it.
 */
export function forwardRule(bridge: string): string[] {
  return ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT', '-m', 'comment', '--comment', 'capstan pod-to-pod'];
}

/** Inserts the rule unless present. Returns false (and does nothing) when iptables is unusable. */
export async function ensureForwardRule(bridge: string): Promise<boolean> {
  try {
    await run('iptables', ['-C', ...forwardRule(bridge)]);
    return true;
  } catch {
    try {
      await run('iptables', ['-I', ...forwardRule(bridge)]);
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes the rule (every copy of it); ignores a missing rule or iptables. */
export async function removeForwardRule(bridge: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      await run('iptables', ['-D', ...forwardRule(bridge)]);
    } catch {
      return;
    }
  }
}
