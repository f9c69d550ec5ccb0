import { fieldError, type FieldCause } from '../field-cause.js';
import { goStringMap, invalidFormatted } from './go-format.js';
import { invalidEach, isRecord, validateEnum, validateNonnegative } from './common.js';
import { validateAnnotations, validateLabelName, validateLabels } from './labels.js';
import { labelSelectorMatches, type LabelSelector } from './label-selector.js';
import {
  isConfigMapKey,
  isDns1123Label,
  isDns1123Subdomain,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
} from './names.js';
import { compareQuantities, parseQuantity, quantityFormatError } from './quantity.js';

/* Validation of PodSpec and PodTemplateSpec with the field paths and texts of
 * pkg/apis/core/validation (ValidatePodSpec, validateContainers, ...). */

type Json = Record<string, any>;

export const supportedRestartPolicies = ['Always', 'OnFailure', 'Never'] as const;
export const supportedDnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
export const supportedPullPolicies = ['Always', 'IfNotPresent', 'Never'] as const;
export const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'] as const;
export const supportedTerminationMessagePolicies = ['File', 'FallbackToLogsOnError'] as const;
export const supportedTaintEffects = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;
export const supportedPreemptionPolicies = ['Never', 'PreemptLowerPriority'] as const;
const maxInt32 = 2147483647;

/** `Not found: "x"` (field.NotFound). */
export function notFound(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${JSON.stringify(value)}` };
}

/** A port given as a number or an IANA name (targetPort, probe ports). */
export function validatePortNumOrName(port: unknown, field: string): FieldCause[] {
  if (typeof port === 'number') return invalidEach(field, port, isValidPortNum(port));
  if (typeof port === 'string') {
    if (/^[0-9]+$/.test(port)) return invalidEach(field, Number(port), isValidPortNum(Number(port)));
    return invalidEach(field, port, isValidPortName(port));
  }
  return [
    fieldError.invalid(field, port ?? '', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'),
  ];
}

function validateContainerPorts(ports: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (Array.isArray(ports) ? ports : []).forEach((p: Json, i) => {
    const idx = `${field}[${i}]`;
    if (p.name) {
      const problems = isValidPortName(String(p.name));
      if (problems.length > 0) causes.push(...invalidEach(`${idx}.name`, p.name, problems));
      else if (names.has(p.name)) causes.push(fieldError.duplicate(`${idx}.name`, p.name));
      else names.add(p.name);
    }
    if (!p.containerPort) causes.push(fieldError.required(`${idx}.containerPort`, ''));
    else causes.push(...invalidEach(`${idx}.containerPort`, p.containerPort, isValidPortNum(p.containerPort)));
    if (p.hostPort) causes.push(...invalidEach(`${idx}.hostPort`, p.hostPort, isValidPortNum(p.hostPort)));
    causes.push(...validateEnum(p.protocol, supportedPortProtocols, `${idx}.protocol`));
  });
  return causes;
}

function validateEnv(env: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(env) ? env : []).forEach((e: Json, i) => {
    const idx = `${field}[${i}]`;
    if (!e.name) causes.push(fieldError.required(`${idx}.name`, ''));
    else if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(e.name)) {
      causes.push(
        fieldError.invalid(
          `${idx}.name`,
          e.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
    if (isRecord(e.valueFrom)) {
      const vf = e.valueFrom;
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) =>
        isRecord(vf[k]),
      );
      if (e.value)
        causes.push(fieldError.invalid(`${idx}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      if (sources.length === 0)
        causes.push(
          fieldError.invalid(
            `${idx}.valueFrom`,
            '',
            'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
          ),
        );
      else if (sources.length > 1)
        causes.push(fieldError.invalid(`${idx}.valueFrom`, '', 'may not have more than one field specified at a time'));
      for (const k of ['configMapKeyRef', 'secretKeyRef']) {
        if (!isRecord(vf[k])) continue;
        if (!vf[k].key) causes.push(fieldError.required(`${idx}.valueFrom.${k}.key`, ''));
        else causes.push(...invalidEach(`${idx}.valueFrom.${k}.key`, vf[k].key, isConfigMapKey(vf[k].key)));
      }
      if (isRecord(vf.fieldRef) && !vf.fieldRef.fieldPath)
        causes.push(fieldError.required(`${idx}.valueFrom.fieldRef.fieldPath`, ''));
    }
  });
  return causes;
}

function validateResources(resources: unknown, field: string): FieldCause[] {
  if (!isRecord(resources)) return [];
  const causes: FieldCause[] = [];
  const limits = isRecord(resources.limits) ? resources.limits : {};
  const requests = isRecord(resources.requests) ? resources.requests : {};
  for (const [name, q] of Object.entries(limits)) {
    const p = `${field}.limits[${name}]`;
    const parsed = parseQuantity(q);
    if (!parsed) causes.push(fieldError.invalid(p, q, quantityFormatError()));
    else if (parsed.value < 0) causes.push(fieldError.invalid(p, String(q), 'must be greater than or equal to 0'));
  }
  for (const [name, q] of Object.entries(requests)) {
    const p = `${field}.requests[${name}]`;
    const parsed = parseQuantity(q);
    if (!parsed) {
      causes.push(fieldError.invalid(p, q, quantityFormatError()));
      continue;
    }
    if (parsed.value < 0) causes.push(fieldError.invalid(p, String(q), 'must be greater than or equal to 0'));
    if (limits[name] !== undefined && (compareQuantities(q, limits[name]) ?? 0) > 0) {
      causes.push(
        fieldError.invalid(p, String(q), `must be less than or equal to ${name} limit of ${String(limits[name])}`),
      );
    }
  }
  return causes;
}

function validateProbe(probe: unknown, field: string, liveness: boolean): FieldCause[] {
  if (!isRecord(probe)) return [];
  const causes: FieldCause[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((k) => isRecord(probe[k]));
  if (handlers.length === 0) causes.push(fieldError.required(field, 'must specify a handler type'));
  else if (handlers.length > 1)
    causes.push(fieldError.forbidden(`${field}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  if (isRecord(probe.httpGet)) causes.push(...validatePortNumOrName(probe.httpGet.port, `${field}.httpGet.port`));
  if (isRecord(probe.tcpSocket)) causes.push(...validatePortNumOrName(probe.tcpSocket.port, `${field}.tcpSocket.port`));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    causes.push(...validateNonnegative(probe[k], `${field}.${k}`));
  }
  if (liveness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    causes.push(fieldError.invalid(`${field}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return causes;
}

function validateContainer(
  c: Json,
  field: string,
  volumes: Set<string>,
  kind: 'containers' | 'initContainers',
): FieldCause[] {
  const causes: FieldCause[] = [];
  if (!c.name) causes.push(fieldError.required(`${field}.name`, ''));
  else causes.push(...invalidEach(`${field}.name`, c.name, isDns1123Label(String(c.name))));
  if (!c.image) causes.push(fieldError.required(`${field}.image`, ''));
  causes.push(...validateEnum(c.imagePullPolicy, supportedPullPolicies, `${field}.imagePullPolicy`));
  causes.push(
    ...validateEnum(
      c.terminationMessagePolicy,
      supportedTerminationMessagePolicies,
      `${field}.terminationMessagePolicy`,
    ),
  );
  causes.push(...validateContainerPorts(c.ports, `${field}.ports`));
  causes.push(...validateEnv(c.env, `${field}.env`));
  causes.push(...validateResources(c.resources, `${field}.resources`));
  (Array.isArray(c.volumeMounts) ? c.volumeMounts : []).forEach((m: Json, i: number) => {
    const idx = `${field}.volumeMounts[${i}]`;
    if (!m.name) causes.push(fieldError.required(`${idx}.name`, ''));
    else if (!volumes.has(m.name)) causes.push(notFound(`${idx}.name`, m.name));
    if (!m.mountPath) causes.push(fieldError.required(`${idx}.mountPath`, ''));
  });
  if (kind === 'containers') {
    causes.push(...validateProbe(c.livenessProbe, `${field}.livenessProbe`, true));
    causes.push(...validateProbe(c.readinessProbe, `${field}.readinessProbe`, false));
    causes.push(...validateProbe(c.startupProbe, `${field}.startupProbe`, true));
  } else if (c.restartPolicy === undefined) {
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[p] !== undefined)
        causes.push(
          fieldError.forbidden(`${field}.${p}`, `may not be set for init containers without restartPolicy=Always`),
        );
    }
  }
  if (kind === 'initContainers' && c.restartPolicy !== undefined && c.restartPolicy !== 'Always') {
    causes.push(fieldError.notSupported(`${field}.restartPolicy`, c.restartPolicy, ['Always']));
  }
  return causes;
}

function validateVolumes(volumes: unknown, field: string): { causes: FieldCause[]; names: Set<string> } {
  const causes: FieldCause[] = [];
  const names = new Set<string>();
  (Array.isArray(volumes) ? volumes : []).forEach((v: Json, i) => {
    const idx = `${field}[${i}]`;
    if (!v.name) causes.push(fieldError.required(`${idx}.name`, ''));
    else {
      causes.push(...invalidEach(`${idx}.name`, v.name, isDns1123Label(String(v.name))));
      if (names.has(v.name)) causes.push(fieldError.duplicate(`${idx}.name`, v.name));
      names.add(v.name);
    }
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
    if (sources.length === 0) causes.push(fieldError.required(idx, 'must specify a volume type'));
    else if (sources.length > 1)
      causes.push(fieldError.forbidden(`${idx}.${sources[1]}`, 'may not specify more than 1 volume type'));
    if (isRecord(v.configMap) && !v.configMap.name) causes.push(fieldError.required(`${idx}.configMap.name`, ''));
    if (isRecord(v.secret) && !v.secret.secretName) causes.push(fieldError.required(`${idx}.secret.secretName`, ''));
    if (isRecord(v.persistentVolumeClaim) && !v.persistentVolumeClaim.claimName) {
      causes.push(fieldError.required(`${idx}.persistentVolumeClaim.claimName`, ''));
    }
    if (isRecord(v.hostPath) && !v.hostPath.path) causes.push(fieldError.required(`${idx}.hostPath.path`, ''));
  });
  return { causes, names };
}

function validateTolerations(tolerations: unknown, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(tolerations) ? tolerations : []).forEach((t: Json, i) => {
    const idx = `${field}[${i}]`;
    if (t.key) causes.push(...validateLabelName(t.key, `${idx}.key`));
    if (!t.key && t.operator !== 'Exists') {
      causes.push(
        fieldError.invalid(
          `${idx}.operator`,
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      causes.push(
        fieldError.invalid(
          `${idx}.effect`,
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') {
      causes.push(...invalidEach(`${idx}.operator`, t.value ?? '', isValidLabelValue(String(t.value ?? ''))));
    } else if (t.operator === 'Exists') {
      if (t.value)
        causes.push(fieldError.invalid(`${idx}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    } else {
      causes.push(fieldError.notSupported(`${idx}.operator`, t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) causes.push(...validateEnum(t.effect, supportedTaintEffects, `${idx}.effect`));
  });
  return causes;
}

/** Validates a PodSpec under `field` (e.g. `spec` or `spec.template.spec`). */
export function validatePodSpec(spec: unknown, field: string): FieldCause[] {
  if (!isRecord(spec)) return [fieldError.required(field, '')];
  const causes: FieldCause[] = [];
  const { causes: volumeCauses, names: volumes } = validateVolumes(spec.volumes, `${field}.volumes`);
  causes.push(...volumeCauses);
  const containers: Json[] = Array.isArray(spec.containers) ? spec.containers : [];
  const initContainers: Json[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const names = new Set<string>();
  initContainers.forEach((c, i) => {
    const idx = `${field}.initContainers[${i}]`;
    causes.push(...validateContainer(isRecord(c) ? c : {}, idx, volumes, 'initContainers'));
    if (c?.name) {
      if (names.has(c.name)) causes.push(fieldError.duplicate(`${idx}.name`, c.name));
      names.add(c.name);
    }
  });
  if (containers.length === 0) causes.push(fieldError.required(`${field}.containers`, ''));
  containers.forEach((c, i) => {
    const idx = `${field}.containers[${i}]`;
    causes.push(...validateContainer(isRecord(c) ? c : {}, idx, volumes, 'containers'));
    if (c?.name) {
      if (names.has(c.name)) causes.push(fieldError.duplicate(`${idx}.name`, c.name));
      names.add(c.name);
    }
  });
  causes.push(...validateEnum(spec.restartPolicy, supportedRestartPolicies, `${field}.restartPolicy`));
  causes.push(...validateEnum(spec.dnsPolicy, supportedDnsPolicies, `${field}.dnsPolicy`));
  causes.push(...validateLabels(spec.nodeSelector, `${field}.nodeSelector`));
  if (spec.serviceAccountName)
    causes.push(
      ...invalidEach(
        `${field}.serviceAccountName`,
        spec.serviceAccountName,
        isDns1123Subdomain(spec.serviceAccountName),
      ),
    );
  if (spec.nodeName) causes.push(...invalidEach(`${field}.nodeName`, spec.nodeName, isDns1123Subdomain(spec.nodeName)));
  if (spec.hostname) causes.push(...invalidEach(`${field}.hostname`, spec.hostname, isDns1123Label(spec.hostname)));
  if (spec.subdomain) causes.push(...invalidEach(`${field}.subdomain`, spec.subdomain, isDns1123Label(spec.subdomain)));
  if (spec.activeDeadlineSeconds !== undefined) {
    const v = spec.activeDeadlineSeconds;
    if (typeof v !== 'number' || v < 1 || v > maxInt32) {
      causes.push(
        fieldError.invalid(`${field}.activeDeadlineSeconds`, v, `must be between 1 and ${maxInt32}, inclusive`),
      );
    }
  }
  causes.push(...validateNonnegative(spec.terminationGracePeriodSeconds, `${field}.terminationGracePeriodSeconds`));
  causes.push(...validateTolerations(spec.tolerations, `${field}.tolerations`));
  if (spec.preemptionPolicy !== undefined)
    causes.push(...validateEnum(spec.preemptionPolicy, supportedPreemptionPolicies, `${field}.preemptionPolicy`));
  if (spec.priorityClassName)
    causes.push(
      ...invalidEach(`${field}.priorityClassName`, spec.priorityClassName, isDns1123Subdomain(spec.priorityClassName)),
    );
  return causes;
}

/** Validates a PodTemplateSpec under `field` (labels, annotations, spec; no ephemeral containers). */
export function validatePodTemplateSpec(template: unknown, field: string): FieldCause[] {
  if (!isRecord(template)) return [fieldError.required(field, '')];
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const causes = [
    ...validateLabels(meta.labels, `${field}.metadata.labels`),
    ...validateAnnotations(meta.annotations, `${field}.metadata.annotations`),
    ...validatePodSpec(template.spec, `${field}.spec`),
  ];
  if (
    isRecord(template.spec) &&
    Array.isArray(template.spec.ephemeralContainers) &&
    template.spec.ephemeralContainers.length > 0
  ) {
    causes.push(
      fieldError.forbidden(`${field}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'),
    );
  }
  return causes;
}

/**
 * The template checks of ReplicaSets and Deployments (ValidatePodTemplateSpecForReplicaSet): the
 * selector must match the template's labels, restartPolicy must be Always and
 * activeDeadlineSeconds is forbidden, on top of {@link validatePodTemplateSpec}.
 */
export function validatePodTemplateForReplicaSet(
  template: unknown,
  selector: LabelSelector | undefined,
  field: string,
): FieldCause[] {
  if (!isRecord(template)) return [fieldError.required(field, '')];
  const causes: FieldCause[] = [];
  const labels = isRecord(template.metadata)
    ? (template.metadata.labels as Record<string, string> | undefined)
    : undefined;
  const selectorEmpty =
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
  if (!selectorEmpty && !labelSelectorMatches(selector, labels)) {
    causes.push(
      invalidFormatted(`${field}.metadata.labels`, goStringMap(labels), '`selector` does not match template `labels`'),
    );
  }
  causes.push(...validatePodTemplateSpec(template, field));
  const spec = isRecord(template.spec) ? template.spec : {};
  if (
    spec.restartPolicy !== undefined &&
    spec.restartPolicy !== 'Always' &&
    (supportedRestartPolicies as readonly string[]).includes(spec.restartPolicy)
  ) {
    causes.push(fieldError.notSupported(`${field}.spec.restartPolicy`, spec.restartPolicy, ['Always']));
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    causes.push(
      fieldError.forbidden(
        `${field}.spec.activeDeadlineSeconds`,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return causes;
}
