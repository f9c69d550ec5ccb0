import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, isRecord, validateNonnegative } from '../../../sdk/api/validation/index.js';

function validateLease(obj: KubeObject): FieldCause[] {
  const spec = (isRecord(obj.spec) ? obj.spec : {}) as Record<string, any>;
  const causes: FieldCause[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    causes.push(fieldError.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  causes.push(...validateNonnegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return causes;
}

/** coordination.k8s.io/v1 leases (leader election, node heartbeats). */
export const leaseResourceType: ResourceType = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  schemaName: 'io.k8s.api.coordination.v1.Lease',
  strategy: buildStrategy({ namespaced: true, validate: validateLease }),
};
