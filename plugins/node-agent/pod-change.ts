import { isDeepStrictEqual } from 'node:util';
import type { PodV1 } from './pod-types.js';

/**
 * Whether a new version of a pod asks its worker for a sync, as kubelet's config source decides
 * between UPDATE and RECONCILE (`podsDifferSemantically`): a change of the spec, labels,
 * annotations, deletion timestamp or deletion grace period does; a change of the status alone (the
 * agent's own status writes coming back through the watch) or of the resourceVersion or
 * managedFields does not.
 */
export function podNeedsSync(previous: PodV1, next: PodV1): boolean {
  const a = previous.metadata;
  const b = next.metadata;
  return (
    a.deletionTimestamp !== b.deletionTimestamp ||
    a.deletionGracePeriodSeconds !== b.deletionGracePeriodSeconds ||
    !isDeepStrictEqual(a.labels ?? {}, b.labels ?? {}) ||
    !isDeepStrictEqual(a.annotations ?? {}, b.annotations ?? {}) ||
    !isDeepStrictEqual(previous.spec, next.spec)
  );
}
