import type { FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  validateEnum,
  validateNonnegativeQuantity,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

const supportedScopes = [
  'BestEffort',
  'CrossNamespacePodAffinity',
  'NotBestEffort',
  'NotTerminating',
  'PriorityClass',
  'Terminating',
] as const;

function validateQuota(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  for (const [k, v] of Object.entries(isRecord(spec.hard) ? spec.hard : {}))
    causes.push(...validateNonnegativeQuantity(v, `spec.hard[${k}]`));
  (Array.isArray(spec.scopes) ? spec.scopes : []).forEach((s: unknown, i: number) =>
    causes.push(...validateEnum(s, supportedScopes, `spec.scopes[${i}]`)),
  );
  return causes;
}

/** core/v1 resourcequotas. */
export const resourceQuotaResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  shortNames: ['quota'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.ResourceQuota',
  strategy: buildStrategy({ namespaced: true, validate: validateQuota }),
};
