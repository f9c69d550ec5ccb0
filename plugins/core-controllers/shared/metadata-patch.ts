import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';

/**
 * Replaces `metadata.<field>` (ownerReferences or finalizers) of `latest` with a JSON patch that
 * first tests the uid and resourceVersion, so it applies only to the version that was read (a
 * concurrent change fails the patch and the caller retries from a fresh read). An empty list
 * removes the field.
 */
export async function replaceMetadataList(
  client: KubeClient,
  res: ResourceDescriptor<KubeObject>,
  latest: KubeObject,
  field: 'ownerReferences' | 'finalizers',
  value: readonly unknown[],
): Promise<KubeObject> {
  const ops: unknown[] = [
    { op: 'test', path: '/metadata/uid', value: latest.metadata.uid },
    { op: 'test', path: '/metadata/resourceVersion', value: latest.metadata.resourceVersion },
  ];
  const present = Array.isArray(latest.metadata[field]);
  if (value.length > 0) ops.push({ op: 'add', path: `/metadata/${field}`, value });
  else if (present) ops.push({ op: 'remove', path: `/metadata/${field}` });
  else return latest;
  return client.patch(res, latest.metadata.name!, ops, 'json', { namespace: latest.metadata.namespace });
}
