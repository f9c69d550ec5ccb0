import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { StoredAs } from '../../../sdk/api/resource-type.js';

type Fields = Record<string, unknown>;

/** events.k8s.io/v1 field ⇄ core/v1 field, for the fields whose names differ (k8s.io/api/events/v1 conversion). */
const renamed: ReadonlyArray<readonly [string, string]> = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];
const shared = ['eventTime', 'series', 'reportingInstance', 'action', 'reason', 'related', 'type'];

function convert(obj: KubeObject, apiVersion: string, pairs: ReadonlyArray<readonly [string, string]>): KubeObject {
  const from = obj as unknown as Fields;
  const out: Fields = { apiVersion, kind: 'Event', metadata: { ...obj.metadata } };
  for (const k of shared) if (from[k] !== undefined) out[k] = from[k];
  for (const [src, dst] of pairs) if (from[src] !== undefined) out[dst] = from[src];
  return out as unknown as KubeObject;
}

/**
 * events.k8s.io/v1 Events are stored as core/v1 Events, as in Kubernetes, so that both APIs (and
 * `kubectl get events`, `kubectl describe`) see every event whichever API wrote it.
 */
export const eventsStoredAsCoreV1: StoredAs = {
  group: '',
  plural: 'events',
  toStorage: (obj) => convert(obj, 'v1', renamed),
  fromStorage: (obj) =>
    convert(
      obj,
      'events.k8s.io/v1',
      renamed.map(([a, b]) => [b, a] as const),
    ),
};
