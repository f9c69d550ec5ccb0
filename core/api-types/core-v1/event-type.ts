import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, isRecord, stringFields } from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** Field selectors of core/v1 events (EventToSelectableFields). */
export function coreEventSelectableFields(obj: KubeObject): Record<string, string> {
  const f = stringFields(obj, [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'type',
  ]);
  const source = isRecord(obj.source) ? (obj.source as Json).component : undefined;
  f.source = source ? String(source) : String(obj.reportingComponent ?? '');
  f.reportingComponent = String(obj.reportingComponent ?? '');
  return f;
}

function validateCoreEvent(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const involved: Json = isRecord(obj.involvedObject) ? obj.involvedObject : {};
  const ns = obj.metadata.namespace ?? '';
  if (involved.namespace && involved.namespace !== ns) {
    causes.push(fieldError.invalid('involvedObject.namespace', involved.namespace, 'does not match event.namespace'));
  }
  if (obj.type !== undefined && obj.type !== '' && obj.type !== 'Normal' && obj.type !== 'Warning') {
    causes.push(fieldError.invalid('type', obj.type, 'has invalid value: must be Normal or Warning'));
  }
  return causes;
}

/** core/v1 events. */
export const coreEventResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  schemaName: 'io.k8s.api.core.v1.Event',
  strategy: buildStrategy({
    namespaced: true,
    validate: validateCoreEvent,
    selectableFields: coreEventSelectableFields,
  }),
};
