import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { UsageError } from './cli-errors.js';
import { shortHumanDuration } from './human-duration.js';

/** The Secret type of bootstrap tokens. */
export const bootstrapTokenType = 'bootstrap.kubernetes.io/token';
/** The group agents join with, next to system:bootstrappers. */
export const defaultTokenGroup = 'system:bootstrappers:capstan:default-node-token';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

function random(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** A new `<id>.<secret>` token (6 and 16 characters of [a-z0-9]), or checks a given one. */
export function makeToken(given?: string): { id: string; secret: string; token: string } {
  if (given !== undefined) {
    const m = tokenPattern.exec(given);
    if (!m) throw new UsageError(`the bootstrap token "${given}" was not of the form "[a-z0-9]{6}.[a-z0-9]{16}"`);
    return { id: m[1]!, secret: m[2]!, token: given };
  }
  const id = random(6);
  const secret = random(16);
  return { id, secret, token: `${id}.${secret}` };
}

/** The token id of an id or a full token. */
export function tokenId(idOrToken: string): string {
  const id = idOrToken.split('.')[0]!;
  if (!/^[a-z0-9]{6}$/.test(id))
    throw new UsageError(`"${idOrToken}" is not a bootstrap token id ([a-z0-9]{6}) or token`);
  return id;
}

/** The kube-system Secret that holds a bootstrap token (kubeadm's layout). */
export function tokenSecret(o: {
  id: string;
  secret: string;
  expiration?: Date;
  description?: string;
  groups: string[];
  usages: string[];
}): KubeObject {
  const data: Record<string, string> = { 'token-id': o.id, 'token-secret': o.secret };
  if (o.expiration) data.expiration = o.expiration.toISOString().replace(/\.\d+Z$/, 'Z');
  if (o.description) data.description = o.description;
  for (const u of o.usages) data[`usage-bootstrap-${u}`] = 'true';
  if (o.groups.length) data['auth-extra-groups'] = o.groups.join(',');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${o.id}`, namespace: 'kube-system' },
    type: bootstrapTokenType,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}

/** A bootstrap token as `token list` shows it (the --json shape). */
export interface TokenInfo {
  token: string;
  id: string;
  /** RFC 3339, or undefined for a token that never expires. */
  expires?: string;
  ttl: string;
  usages: string[];
  description?: string;
  groups: string[];
}

/** Reads a bootstrap token Secret; undefined when the Secret is not one. */
export function tokenInfo(secret: KubeObject, now = Date.now()): TokenInfo | undefined {
  if (secret.type !== bootstrapTokenType) return undefined;
  const data = (secret.data ?? {}) as Record<string, string>;
  const get = (k: string) => (data[k] !== undefined ? Buffer.from(data[k]!, 'base64').toString('utf8') : undefined);
  const id = get('token-id');
  const sec = get('token-secret');
  if (!id || !sec) return undefined;
  const expires = get('expiration');
  const left = expires ? Date.parse(expires) - now : undefined;
  return {
    token: `${id}.${sec}`,
    id,
    expires,
    ttl: left === undefined ? '<forever>' : left < 0 ? '<invalid>' : shortHumanDuration(left),
    usages: Object.keys(data)
      .filter((k) => k.startsWith('usage-bootstrap-') && get(k) === 'true')
      .map((k) => k.slice('usage-bootstrap-'.length))
      .sort(),
    description: get('description'),
    groups: (get('auth-extra-groups') ?? '').split(',').filter(Boolean),
  };
}

/** Parses a TTL like `24h`, `90m`, `1h30m`, `3600s` or `0` (never expires) into milliseconds. */
export function parseTtl(text: string): number {
  if (text === '0' || text === '0s') return 0;
  const re = /(\d+)(h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * { h: 3600_000, m: 60_000, s: 1000 }[m[2] as 'h' | 'm' | 's'];
    consumed += m[0].length;
  }
  if (!consumed || consumed !== text.length)
    throw new UsageError(`invalid --ttl "${text}": use e.g. 24h, 90m, 1h30m or 0 for never`);
  return total;
}
