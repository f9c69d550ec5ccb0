import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  nameIsDnsLabel,
  specOf,
  stringFields,
  validateEnum,
} from '../../../sdk/api/validation/index.js';

/** The label every namespace carries with its own name. */
export const namespaceNameLabel = 'kubernetes.io/metadata.name';

function defaultNamespace(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
  if (!isRecord(obj.status)) obj.status = {};
  (obj.status as Record<string, unknown>).phase ??= 'Active';
  if (obj.metadata.name)
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [namespaceNameLabel]: obj.metadata.name };
}

/** core/v1 namespaces. */
export const namespaceResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.Namespace',
  extraSubresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
  strategy: buildStrategy({
    namespaced: false,
    nameValidator: nameIsDnsLabel,
    defaults: defaultNamespace,
    validate: (obj) => {
      const phase = (obj.status as Record<string, unknown> | undefined)?.phase;
      return phase === undefined ? [] : validateEnum(phase, ['Active', 'Terminating'], 'status.phase');
    },
    selectableFields: (obj) => stringFields(obj, ['status.phase']),
  }),
};
