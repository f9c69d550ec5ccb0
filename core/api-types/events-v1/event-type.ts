import { eventsStoredAsCoreV1 } from './event-conversion.js';
import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, invalidEach, isQualifiedName, stringFields } from '../../../sdk/api/validation/index.js';

/** Field selectors of events.k8s.io events: the v1 names and the legacy involvedObject ones. */
export function eventsV1SelectableFields(obj: KubeObject): Record<string, string> {
  const regarding = stringFields(obj, [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'regarding.apiVersion',
    'regarding.resourceVersion',
    'regarding.fieldPath',
    'reason',
    'reportingController',
    'type',
  ]);
  const f: Record<string, string> = { ...regarding };
  for (const k of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'])
    f[`involvedObject.${k}`] = regarding[`regarding.${k}`]!;
  f.reportingComponent = regarding.reportingController!;
  f.source = regarding.reportingController!;
  return f;
}

function limit(obj: KubeObject, key: string, max: number, causes: FieldCause[], required = true): void {
  const v = obj[key];
  if (required && (v === undefined || v === '')) causes.push(fieldError.required(key, ''));
  else if (typeof v === 'string' && v.length > max)
    causes.push(fieldError.invalid(key, '', `can have at most ${max} characters`));
}

function validateEvent(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!obj.eventTime) causes.push(fieldError.required('eventTime', ''));
  if (!obj.reportingController) causes.push(fieldError.required('reportingController', ''));
  else
    causes.push(
      ...invalidEach('reportingController', obj.reportingController, isQualifiedName(String(obj.reportingController))),
    );
  limit(obj, 'reportingInstance', 128, causes);
  limit(obj, 'action', 128, causes);
  limit(obj, 'reason', 128, causes);
  limit(obj, 'note', 1024, causes, false);
  if (obj.type !== 'Normal' && obj.type !== 'Warning')
    causes.push(fieldError.invalid('type', '', `has invalid value: ${String(obj.type ?? '')}`));
  return causes;
}

/** events.k8s.io/v1 events. */
export const eventsV1ResourceType: ResourceType = {
  group: 'events.k8s.io',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  schemaName: 'io.k8s.api.events.v1.Event',
  strategy: buildStrategy({ namespaced: true, validate: validateEvent, selectableFields: eventsV1SelectableFields }),
  storedAs: eventsStoredAsCoreV1,
};
