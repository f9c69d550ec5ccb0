import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  invalidEach,
  isDns1123Label,
  isRecord,
  isValidIp,
  isValidPortNum,
  validateEnum,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

function defaultEndpoints(obj: KubeObject): void {
  for (const s of Array.isArray(obj.subsets) ? obj.subsets : []) {
    for (const p of isRecord(s) && Array.isArray(s.ports) ? s.ports : []) if (isRecord(p)) p.protocol ??= 'TCP';
  }
}

function validateEndpoints(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(obj.subsets) ? obj.subsets : []).forEach((s: Json, i: number) => {
    const idx = `subsets[${i}]`;
    for (const list of ['addresses', 'notReadyAddresses']) {
      (Array.isArray(s[list]) ? s[list] : []).forEach((a: Json, j: number) => {
        if (!isValidIp(String(a.ip ?? '')))
          causes.push(fieldError.invalid(`${idx}.${list}[${j}].ip`, a.ip ?? '', 'must be a valid IP address'));
      });
    }
    const ports: Json[] = Array.isArray(s.ports) ? s.ports : [];
    ports.forEach((p, j) => {
      const pp = `${idx}.ports[${j}]`;
      if (ports.length > 1 && !p.name) causes.push(fieldError.required(`${pp}.name`, ''));
      else if (p.name) causes.push(...invalidEach(`${pp}.name`, p.name, isDns1123Label(p.name)));
      causes.push(...invalidEach(`${pp}.port`, p.port ?? 0, isValidPortNum(Number(p.port ?? 0))));
      causes.push(...validateEnum(p.protocol, ['SCTP', 'TCP', 'UDP'], `${pp}.protocol`));
    });
  });
  return causes;
}

/** core/v1 endpoints. */
export const endpointsResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  schemaName: 'io.k8s.api.core.v1.Endpoints',
  strategy: buildStrategy({ namespaced: true, defaults: defaultEndpoints, validate: validateEndpoints }),
};
