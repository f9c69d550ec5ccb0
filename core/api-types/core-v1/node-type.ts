import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  jsonEqual,
  supportedTaintEffects,
  validateEnum,
  validateLabelName,
  invalidEach,
  isValidLabelValue,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

function defaultNode(obj: KubeObject): void {
  if (!isRecord(obj.status)) return;
  const status = obj.status as Json;
  if (isRecord(status.capacity) && !isRecord(status.allocatable)) status.allocatable = { ...status.capacity };
}

/** Taints: key a qualified name, value a label value, effect one of the three, unique by key and effect. */
export function validateTaints(taints: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  (Array.isArray(taints) ? taints : []).forEach((t: Json, i: number) => {
    const idx = `${field}[${i}]`;
    causes.push(...validateLabelName(String(t.key ?? ''), `${idx}.key`));
    if (t.value) causes.push(...invalidEach(`${idx}.value`, t.value, isValidLabelValue(t.value)));
    causes.push(...validateEnum(t.effect, supportedTaintEffects, `${idx}.effect`));
    const id = `${t.key}\u0000${t.effect}`;
    if (seen.has(id))
      causes.push({
        reason: 'FieldValueDuplicate',
        field: idx,
        message: `Duplicate value: ${JSON.stringify(t)}: taints must be unique by key and effect pair`,
      });
    seen.add(id);
  });
  return causes;
}

function validateNodeUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const was: Json = isRecord(old.spec) ? old.spec : {};
  if (Array.isArray(was.podCIDRs) && was.podCIDRs.length > 0 && !jsonEqual(was.podCIDRs, spec.podCIDRs)) {
    causes.push(fieldError.forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (was.providerID && was.providerID !== spec.providerID) {
    causes.push(
      fieldError.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'),
    );
  }
  return causes;
}

/** core/v1 nodes. */
export const nodeResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.Node',
  extraSubresources: [
    { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  ],
  strategy: buildStrategy({
    namespaced: false,
    defaults: defaultNode,
    validate: (obj) => validateTaints((obj.spec as Json | undefined)?.taints, 'metadata.taints'),
    validateUpdate: validateNodeUpdate,
    selectableFields: (obj) => ({
      'spec.unschedulable': String((obj.spec as Json | undefined)?.unschedulable === true),
    }),
  }),
};
