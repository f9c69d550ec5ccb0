import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  invalidEach,
  isDns1123Label,
  isRecord,
  isValidIp,
  isValidPortNum,
  validateEnum,
  validateImmutable,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

function defaultEndpointSlice(obj: KubeObject): void {
  for (const p of Array.isArray(obj.ports) ? obj.ports : []) {
    if (!isRecord(p)) continue;
    p.protocol ??= 'TCP';
    p.name ??= '';
  }
}

function validateEndpointSlice(obj: KubeObject): FieldCause[] {
  const causes = validateEnum(obj.addressType, ['FQDN', 'IPv4', 'IPv6'], 'addressType');
  (Array.isArray(obj.endpoints) ? obj.endpoints : []).forEach((e: Json, i: number) => {
    const addrs: unknown[] = Array.isArray(e.addresses) ? e.addresses : [];
    if (addrs.length === 0)
      causes.push(fieldError.required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
    addrs.forEach((a, j) => {
      if ((obj.addressType === 'IPv4' || obj.addressType === 'IPv6') && !isValidIp(String(a))) {
        causes.push(fieldError.invalid(`endpoints[${i}].addresses[${j}]`, a, 'must be a valid IP address'));
      }
    });
  });
  (Array.isArray(obj.ports) ? obj.ports : []).forEach((p: Json, i: number) => {
    if (p.name) causes.push(...invalidEach(`ports[${i}].name`, p.name, isDns1123Label(p.name)));
    if (p.port !== undefined) causes.push(...invalidEach(`ports[${i}].port`, p.port, isValidPortNum(p.port)));
    causes.push(...validateEnum(p.protocol, ['SCTP', 'TCP', 'UDP'], `ports[${i}].protocol`));
  });
  return causes;
}

/** discovery.k8s.io/v1 endpointslices. */
export const endpointSliceResourceType: ResourceType = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  schemaName: 'io.k8s.api.discovery.v1.EndpointSlice',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultEndpointSlice,
    validate: validateEndpointSlice,
    validateUpdate: (obj, old) => validateImmutable(obj.addressType, old.addressType, 'addressType'),
  }),
};
