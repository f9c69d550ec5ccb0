import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  invalidEach,
  isDns1035Label,
  isDns1123Subdomain,
  isRecord,
  isValidPortNum,
  isValidPortName,
  validateEnum,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

function validateBackend(b: Json, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const hasService = isRecord(b.service);
  const hasResource = isRecord(b.resource);
  if (hasService && hasResource)
    causes.push(fieldError.invalid(field, '', 'cannot set both resource and service backends'));
  else if (!hasService && !hasResource)
    causes.push(fieldError.invalid(field, '', 'resource or service backend is required'));
  if (hasService) {
    const s = b.service;
    if (!s.name) causes.push(fieldError.required(`${field}.service.name`, ''));
    else causes.push(...invalidEach(`${field}.service.name`, s.name, isDns1035Label(s.name)));
    const port: Json = isRecord(s.port) ? s.port : {};
    const hasName = !!port.name;
    const hasNumber = port.number !== undefined && port.number !== 0;
    if (hasName && hasNumber)
      causes.push(fieldError.invalid(`${field}.service.port`, '', 'cannot set both port name & port number'));
    else if (hasName) causes.push(...invalidEach(`${field}.service.port.name`, port.name, isValidPortName(port.name)));
    else if (hasNumber)
      causes.push(...invalidEach(`${field}.service.port.number`, port.number, isValidPortNum(port.number)));
    else causes.push(fieldError.required(`${field}.service.port`, 'port name or number is required'));
  }
  return causes;
}

function validateIngress(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes: FieldCause[] = [];
  const rules: Json[] = Array.isArray(spec.rules) ? spec.rules : [];
  if (spec.defaultBackend === undefined && rules.length === 0) {
    causes.push(fieldError.invalid('spec.rules', rules, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (isRecord(spec.defaultBackend)) causes.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const p = `spec.rules[${i}]`;
    if (r.host) {
      const host = String(r.host).startsWith('*.') ? String(r.host).slice(2) : String(r.host);
      causes.push(...invalidEach(`${p}.host`, r.host, isDns1123Subdomain(host)));
    }
    if (!isRecord(r.http)) return;
    const paths: Json[] = Array.isArray(r.http.paths) ? r.http.paths : [];
    if (paths.length === 0) causes.push(fieldError.required(`${p}.http.paths`, ''));
    paths.forEach((path, j) => {
      const pp = `${p}.http.paths[${j}]`;
      if (!path.pathType) causes.push(fieldError.required(`${pp}.pathType`, 'pathType must be specified'));
      else causes.push(...validateEnum(path.pathType, ['Exact', 'ImplementationSpecific', 'Prefix'], `${pp}.pathType`));
      if ((path.pathType === 'Exact' || path.pathType === 'Prefix') && !String(path.path ?? '').startsWith('/')) {
        causes.push(fieldError.invalid(`${pp}.path`, path.path ?? '', 'must be an absolute path'));
      }
      causes.push(...validateBackend(isRecord(path.backend) ? path.backend : {}, `${pp}.backend`));
    });
  });
  return causes;
}

/** networking.k8s.io/v1 ingresses. */
export const ingressResourceType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.networking.v1.Ingress',
  tracksGeneration: true,
  strategy: buildStrategy({ namespaced: true, validate: validateIngress }),
};

/** networking.k8s.io/v1 ingressclasses: spec.controller is required and immutable. */
export const ingressClassResourceType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  schemaName: 'io.k8s.api.networking.v1.IngressClass',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: false,
    validate: (obj) => {
      const controller = (obj.spec as Json | undefined)?.controller;
      if (!controller) return [fieldError.required('spec.controller', '')];
      return String(controller).length > 250 ? [fieldError.tooLong('spec.controller', 250)] : [];
    },
    validateUpdate: (obj, old) => {
      const a = (obj.spec as Json | undefined)?.controller;
      const b = (old.spec as Json | undefined)?.controller;
      return a === b ? [] : [fieldError.invalid('spec.controller', a ?? '', 'field is immutable')];
    },
  }),
};
