import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { Authenticator, TokenEntry } from './authenticator.js';

/** The Secret type of bootstrap tokens. */
export const bootstrapTokenSecretType = 'bootstrap.kubernetes.io/token';

/**
 * Bootstrap tokens as Kubernetes has them: Secrets `kube-system/bootstrap-token-<id>` of type
 * `bootstrap.kubernetes.io/token`; the bearer token `<id>.<secret>` authenticates as
 * `system:bootstrap:<id>` in group `system:bootstrappers` (plus `auth-extra-groups`) until
 * `expiration`. Kept in the authenticator from the watch cache.
 */
export class BootstrapTokens {
  private readonly byKey = new Map<string, string>();
  private unsubscribe?: () => void;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly cache: WatchCache,
    private readonly secrets: ResourceType,
    private readonly authenticator: Authenticator,
  ) {}

  /** Loads the current tokens and follows changes. */
  async start(): Promise<void> {
    const listed = await this.storage.list(this.secrets, 'kube-system', {});
    for (const s of listed.items) this.upsert(s);
    const sub = this.cache.subscribe(
      {
        prefix: this.storage.prefix(this.secrets, 'kube-system'),
        onEvent: (e) => (e.type === 'DELETED' ? this.remove(e.object) : this.upsert(e.object)),
        onClose: () => undefined,
      },
      listed.revision,
    );
    this.unsubscribe = sub.ok ? sub.unsubscribe : undefined;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private upsert(secret: KubeObject): void {
    this.remove(secret);
    const entry = tokenFromSecret(secret);
    if (!entry) return;
    this.byKey.set(secret.metadata.name!, entry.token);
    this.authenticator.addToken(entry);
  }

  private remove(secret: KubeObject): void {
    const token = this.byKey.get(secret.metadata.name!);
    if (token) this.authenticator.removeToken(token);
    this.byKey.delete(secret.metadata.name!);
  }
}

/** Reads a bootstrap token Secret; undefined when it is not one or not usable for authentication. */
export function tokenFromSecret(secret: KubeObject): TokenEntry | undefined {
  if (secret.type !== bootstrapTokenSecretType || !secret.metadata.name?.startsWith('bootstrap-token-'))
    return undefined;
  const data = (secret.data ?? {}) as Record<string, string>;
  const get = (k: string) => (data[k] !== undefined ? Buffer.from(data[k]!, 'base64').toString('utf8') : undefined);
  const id = get('token-id');
  const secretPart = get('token-secret');
  if (!id || !secretPart || `bootstrap-token-${id}` !== secret.metadata.name) return undefined;
  if (!/^[a-z0-9]{6}$/.test(id) || !/^[a-z0-9]{16}$/.test(secretPart)) return undefined;
  if (get('usage-bootstrap-authentication') !== 'true') return undefined;
  const expiration = get('expiration');
  const expires = expiration ? new Date(expiration) : undefined;
  if (expires && Number.isNaN(expires.getTime())) return undefined;
  const extra = (get('auth-extra-groups') ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.startsWith('system:bootstrappers:'));
  return {
    token: `${id}.${secretPart}`,
    user: { username: `system:bootstrap:${id}`, groups: ['system:bootstrappers', ...extra] },
    expires,
  };
}
