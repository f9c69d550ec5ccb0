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

/**
 * The one NAT rule (table `nat`) that masquerades what pods of the node's pod CIDR send outside it
 * (multicast excepted), as the bridge plugin's `ipMasq` does with a chain and two rules per pod.
 * One node-wide rule keeps iptables out of every CNI ADD and DEL, where the per-pod chains cost
 * about a third of the ADD and most of the DEL when pods start together (each iptables call takes
 * the xtables lock).
 */
export function masqueradeRule(bridge: string, podCIDR: string): string[] {
  return [
    'POSTROUTING',
    '-s',
    podCIDR,
    '!',
    '-d',
    podCIDR,
    '-m',
    'addrtype',
    '!',
    '--dst-type',
    'MULTICAST',
    '-m',
    'comment',
    '--comment',
    `capstan pod masquerade ${bridge}`,
    '-j',
    'MASQUERADE',
  ];
}

/** Appends the masquerade rule unless present. Returns false (and does nothing) when iptables is unusable. */
export async function ensureMasqueradeRule(bridge: string, podCIDR: string): Promise<boolean> {
  const rule = masqueradeRule(bridge, podCIDR);
  try {
    await run('iptables', ['-t', 'nat', '-C', ...rule]);
    return true;
  } catch {
    try {
      await run('iptables', ['-t', 'nat', '-A', ...rule]);
      return true;
    } catch {
      return false;
    }
  }
}

/** Removes the masquerade rule (every copy of it); ignores a missing rule or iptables. */
export async function removeMasqueradeRule(bridge: string, podCIDR: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      await run('iptables', ['-t', 'nat', '-D', ...masqueradeRule(bridge, podCIDR)]);
    } catch {
      return;
    }
  }
}
