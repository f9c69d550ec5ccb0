import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  goValue,
  invalidEach,
  invalidFormatted,
  isDns1123Label,
  isQualifiedName,
  isRecord,
  isValidIp,
  isValidPortNum,
  nameIsDns1035Label,
  specOf,
  validateEnum,
  validateLabels,
  validatePortNumOrName,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

export const supportedServiceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;

/** Service defaults (SetDefaults_Service and the IP-family part of the service REST). Cluster IPs are allocated elsewhere. */
function defaultService(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig ??= {};
    spec.sessionAffinityConfig.clientIP ??= {};
    spec.sessionAffinityConfig.clientIP.timeoutSeconds ??= 10800;
  }
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isRecord(p)) continue;
    p.protocol ??= 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (spec.type !== 'ExternalName') {
    spec.ipFamilyPolicy ??= 'SingleStack';
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (!isRecord(obj.status)) obj.status = { loadBalancer: {} };
}

function validateService(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = (isRecord(obj.spec) ? obj.spec : {}) as Json;
  causes.push(...validateEnum(spec.type, supportedServiceTypes, 'spec.type'));
  const headless = spec.clusterIP === 'None';
  const ports: Json[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && !headless && spec.type !== 'ExternalName')
    causes.push(fieldError.required('spec.ports', ''));
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) causes.push(fieldError.required('spec.externalName', ''));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const idx = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) causes.push(fieldError.required(`${idx}.name`, ''));
    else if (p.name) {
      causes.push(...invalidEach(`${idx}.name`, p.name, isDns1123Label(String(p.name))));
      if (names.has(p.name)) causes.push(fieldError.duplicate(`${idx}.name`, p.name));
      names.add(p.name);
    }
    causes.push(...invalidEach(`${idx}.port`, p.port ?? 0, isValidPortNum(Number(p.port ?? 0))));
    causes.push(...validateEnum(p.protocol, ['SCTP', 'TCP', 'UDP'], `${idx}.protocol`));
    causes.push(...validatePortNumOrName(p.targetPort, `${idx}.targetPort`));
    if (p.appProtocol !== undefined)
      causes.push(...invalidEach(`${idx}.appProtocol`, p.appProtocol, isQualifiedName(String(p.appProtocol))));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') {
        causes.push(fieldError.forbidden(`${idx}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
      } else causes.push(...invalidEach(`${idx}.nodePort`, p.nodePort, isValidPortNum(p.nodePort)));
    }
  });
  causes.push(...validateEnum(spec.sessionAffinity, ['ClientIP', 'None'], 'spec.sessionAffinity'));
  if (spec.type !== 'ExternalName') {
    causes.push(...validateLabels(spec.selector, 'spec.selector'));
    const ips: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
    ips.forEach((ip, i) => {
      if (ip === 'None' && i === 0) return;
      if (typeof ip !== 'string' || !isValidIp(ip)) {
        causes.push(
          fieldError.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
          ),
        );
      }
    });
    if (
      spec.clusterIP &&
      Array.isArray(spec.clusterIPs) &&
      spec.clusterIPs.length > 0 &&
      spec.clusterIPs[0] !== spec.clusterIP
    ) {
      causes.push(fieldError.invalid('spec.clusterIPs', spec.clusterIPs, 'first value must match `clusterIP`'));
    }
    if (spec.ipFamilyPolicy !== undefined) {
      causes.push(
        ...validateEnum(
          spec.ipFamilyPolicy,
          ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
          'spec.ipFamilyPolicy',
        ),
      );
    }
    (Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((f: unknown, i: number) => {
      causes.push(...validateEnum(f, ['IPv4', 'IPv6'], `spec.ipFamilies[${i}]`));
    });
    if (spec.internalTrafficPolicy !== undefined) {
      causes.push(...validateEnum(spec.internalTrafficPolicy, ['Cluster', 'Local'], 'spec.internalTrafficPolicy'));
    }
  }
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') {
    if (spec.type === 'ClusterIP' || spec.type === 'ExternalName') {
      causes.push(
        fieldError.forbidden(
          'spec.externalTrafficPolicy',
          "may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        ),
      );
    } else causes.push(...validateEnum(spec.externalTrafficPolicy, ['Cluster', 'Local'], 'spec.externalTrafficPolicy'));
  }
  return causes;
}

/** Cluster IPs may not change once set (validateUpgradeDowngradeClusterIPs), unless to or from ExternalName. */
function validateServiceUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const spec = (obj.spec ?? {}) as Json;
  const was = (old.spec ?? {}) as Json;
  if (spec.type === 'ExternalName' || was.type === 'ExternalName') return [];
  const oldIps: string[] = Array.isArray(was.clusterIPs) ? was.clusterIPs : was.clusterIP ? [was.clusterIP] : [];
  const newIps: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  const causes: FieldCause[] = [];
  if (oldIps.length > 0 && newIps.length === 0) {
    causes.push(invalidFormatted('spec.clusterIPs[0]', goValue(newIps), 'primary clusterIP can not be unset'));
  }
  const n = Math.min(oldIps.length, newIps.length);
  for (let i = 0; i < n; i++) {
    if (oldIps[i] !== newIps[i])
      causes.push(invalidFormatted(`spec.clusterIPs[${i}]`, goValue(newIps), 'may not change once set'));
  }
  return causes;
}

/** core/v1 services. */
export const serviceResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.Service',
  extraSubresources: [
    { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  ],
  strategy: buildStrategy({
    namespaced: true,
    nameValidator: nameIsDns1035Label,
    defaults: defaultService,
    validate: validateService,
    validateUpdate: validateServiceUpdate,
  }),
};
