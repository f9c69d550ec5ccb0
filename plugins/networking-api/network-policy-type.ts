import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  isRecord,
  specOf,
  validateEnum,
  validateLabelSelector,
  validatePortNumOrName,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** policyTypes default to Ingress, plus Egress when egress rules exist; ports default to TCP. */
export function defaultNetworkPolicy(obj: KubeObject): void {
  const spec = specOf(obj);
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  if (!isRecord(spec.podSelector)) spec.podSelector = {};
  for (const dir of ['ingress', 'egress']) {
    for (const rule of Array.isArray(spec[dir]) ? spec[dir] : []) {
      for (const p of isRecord(rule) && Array.isArray(rule.ports) ? rule.ports : [])
        if (isRecord(p)) p.protocol ??= 'TCP';
    }
  }
}

function validateNetworkPolicy(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  (Array.isArray(spec.policyTypes) ? spec.policyTypes : []).forEach((t: unknown, i: number) => {
    causes.push(...validateEnum(t, ['Egress', 'Ingress'], `spec.policyTypes[${i}]`));
  });
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 2) {
    causes.push(fieldError.invalid('spec.policyTypes', spec.policyTypes, 'may not specify more than two policyTypes'));
  }
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    (Array.isArray(spec[dir]) ? spec[dir] : []).forEach((rule: Json, i: number) => {
      const p = `spec.${dir}[${i}]`;
      (Array.isArray(rule.ports) ? rule.ports : []).forEach((port: Json, j: number) => {
        causes.push(...validateEnum(port.protocol, ['SCTP', 'TCP', 'UDP'], `${p}.ports[${j}].protocol`));
        if (port.port !== undefined) causes.push(...validatePortNumOrName(port.port, `${p}.ports[${j}].port`));
      });
      (Array.isArray(rule[peers]) ? rule[peers] : []).forEach((peer: Json, j: number) => {
        const pp = `${p}.${peers}[${j}]`;
        const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => peer[k] !== undefined);
        if (set.length === 0) causes.push(fieldError.required(pp, 'must specify a peer'));
        if (peer.ipBlock !== undefined && set.length > 1)
          causes.push(fieldError.forbidden(pp, 'may not specify both ipBlock and another peer'));
        if (isRecord(peer.podSelector)) causes.push(...validateLabelSelector(peer.podSelector, `${pp}.podSelector`));
        if (isRecord(peer.namespaceSelector))
          causes.push(...validateLabelSelector(peer.namespaceSelector, `${pp}.namespaceSelector`));
        if (isRecord(peer.ipBlock) && !peer.ipBlock.cidr) causes.push(fieldError.required(`${pp}.ipBlock.cidr`, ''));
      });
    });
  }
  return causes;
}

/** networking.k8s.io/v1 networkpolicies. */
export const networkPolicyResourceType: ResourceType = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  namespaced: true,
  shortNames: ['netpol'],
  schemaName: 'io.k8s.api.networking.v1.NetworkPolicy',
  tracksGeneration: true,
  strategy: buildStrategy({ namespaced: true, defaults: defaultNetworkPolicy, validate: validateNetworkPolicy }),
};
