import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { StatusError, qualifiedResource } from '../status.js';

/** admission.NewForbidden: 403 `<resource> "<name>" is forbidden: <message>`, with the details kube sends. */
export function admissionForbidden(type: ResourceType, obj: KubeObject, message: string): StatusError {
  const name = obj.metadata.name ?? '';
  return new StatusError(
    403,
    'Forbidden',
    `${qualifiedResource(type.group, type.plural)} "${name}" is forbidden: ${message}`,
    {
      name,
      group: type.group || undefined,
      kind: type.plural,
    },
  );
}
