import { ImagePullError, type ContainerRuntime } from '../../sdk/cri/index.js';
import type { Clock } from '../../sdk/plugins/clock.js';
import { RestartBackoff, type BackoffTimings, defaultBackoffTimings } from './backoff.js';

/** The outcome of making an image present: its ID, or the waiting reason kubelet shows. */
export type ImageResult =
  | { readonly ok: true; readonly imageRef: string; readonly pulled: boolean; readonly warning?: string }
  | {
      readonly ok: false;
      readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull';
      readonly message: string;
    };

/** The pull policy Kubernetes defaults: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/**
 * Applies imagePullPolicy (kubelet's image manager): Never uses only a local image
 * (ErrImageNeverPull), IfNotPresent pulls when missing, Always pulls first. A failed pull is
 * ErrImagePull, and tries within the back-off (10 s doubling to 5 min per image) are
 * ImagePullBackOff. With no registry reachable, Always falls back to a local copy with a warning.
 */
export class ImageManager {
  private readonly backoff: RestartBackoff;
  private readonly failedAt = new Map<string, { at: number; message: string }>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    timings: BackoffTimings = defaultBackoffTimings,
  ) {
    this.backoff = new RestartBackoff({ ...timings, resetAfterMs: Number.MAX_SAFE_INTEGER });
  }

  async ensure(image: string, policy: string | undefined): Promise<ImageResult> {
    const p = policy || defaultPullPolicy(image);
    const local = await this.runtime.imageStatus(image);
    if (p === 'Never') {
      if (local) return { ok: true, imageRef: local.id, pulled: false };
      return {
        ok: false,
        reason: 'ErrImageNeverPull',
        message: `Container image "${image}" is not present with pull policy of Never`,
      };
    }
    if (local && p === 'IfNotPresent') return { ok: true, imageRef: local.id, pulled: false };
    const now = this.clock.now();
    const recent = this.failedAt.get(image);
    if (recent && this.backoff.remainingMs(image, now) > 0) {
      if (local) return { ok: true, imageRef: local.id, pulled: false, warning: recent.message };
      return { ok: false, reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${recent.message}` };
    }
    try {
      const pulled = await this.runtime.pullImage(image);
      this.failedAt.delete(image);
      this.backoff.forget(image);
      return { ok: true, imageRef: pulled.id, pulled: true };
    } catch (err) {
      const message =
        err instanceof ImagePullError ? err.message : `failed to pull image "${image}": ${(err as Error).message}`;
      // The first failure waits the initial delay (recordExit's first call means "restart now").
      if (!this.failedAt.has(image)) this.backoff.recordExit(image, now, 0);
      this.backoff.recordExit(image, now, 0);
      this.failedAt.set(image, { at: now, message });
      if (local) return { ok: true, imageRef: local.id, pulled: false, warning: message };
      return { ok: false, reason: 'ErrImagePull', message };
    }
  }

  /** Milliseconds until the next pull of `image` may be tried. */
  retryInMs(image: string): number {
    return this.backoff.remainingMs(image, this.clock.now());
  }
}
