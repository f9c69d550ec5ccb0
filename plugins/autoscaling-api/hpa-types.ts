import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import { buildStrategy, isRecord, specOf, validateEnum } from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** The scale-up rules an HPA gets when behavior is given without them. */
export function defaultScaleUpRules(): Json {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/** The scale-down rules an HPA gets when behavior is given without them. */
export function defaultScaleDownRules(): Json {
  return {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  };
}

function fillRules(rules: unknown, defaults: Json): Json {
  if (!isRecord(rules)) return defaults;
  rules.stabilizationWindowSeconds ??= defaults.stabilizationWindowSeconds;
  rules.selectPolicy ??= defaults.selectPolicy;
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) rules.policies = defaults.policies;
  return rules;
}

/** autoscaling/v2 defaults: minReplicas 1, CPU 80% when no metric, behavior rules filled when behavior is set. */
export function defaultHpaV2(obj: KubeObject): void {
  const spec = specOf(obj);
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ];
  }
  if (isRecord(spec.behavior)) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, defaultScaleUpRules());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, defaultScaleDownRules());
  }
}

function validateCommon(spec: Json): FieldCause[] {
  const causes: FieldCause[] = [];
  const ref: Json = isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (!ref.kind) causes.push(fieldError.required('spec.scaleTargetRef.kind', ''));
  if (!ref.name) causes.push(fieldError.required('spec.scaleTargetRef.name', ''));
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) {
    causes.push(fieldError.invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  }
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) {
    causes.push(fieldError.invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  } else if (spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) {
    causes.push(
      fieldError.invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'),
    );
  }
  return causes;
}

const metricTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const metricKeys: Record<string, string> = {
  ContainerResource: 'containerResource',
  External: 'external',
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
};

function validateV2(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateCommon(spec);
  (Array.isArray(spec.metrics) ? spec.metrics : []).forEach((m: Json, i: number) => {
    const p = `spec.metrics[${i}]`;
    if (!m.type) causes.push(fieldError.required(`${p}.type`, 'must specify a metric source type'));
    else if (!metricTypes.includes(m.type)) causes.push(fieldError.notSupported(`${p}.type`, m.type, metricTypes));
    else if (!isRecord(m[metricKeys[m.type]!]))
      causes.push(
        fieldError.required(`${p}.${metricKeys[m.type]}`, `must populate information for the given metric source`),
      );
    const source = m.type ? m[metricKeys[m.type] ?? ''] : undefined;
    const target = isRecord(source) ? source.target : undefined;
    if (isRecord(target)) {
      causes.push(
        ...validateEnum(
          target.type,
          ['AverageValue', 'Utilization', 'Value'],
          `${p}.${metricKeys[m.type]}.target.type`,
        ),
      );
      if (target.averageUtilization !== undefined && target.averageUtilization <= 0) {
        causes.push(
          fieldError.invalid(
            `${p}.${metricKeys[m.type]}.target.averageUtilization`,
            target.averageUtilization,
            'must be greater than 0',
          ),
        );
      }
    }
  });
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[dir];
    if (!isRecord(rules)) continue;
    const p = `spec.behavior.${dir}`;
    causes.push(...validateEnum(rules.selectPolicy, ['Disabled', 'Max', 'Min'], `${p}.selectPolicy`, false));
    const w = rules.stabilizationWindowSeconds;
    if (typeof w === 'number' && (w < 0 || w > 3600)) {
      causes.push(
        fieldError.invalid(
          `${p}.stabilizationWindowSeconds`,
          w,
          w < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600',
        ),
      );
    }
    (Array.isArray(rules.policies) ? rules.policies : []).forEach((pol: Json, j: number) => {
      const pp = `${p}.policies[${j}]`;
      causes.push(...validateEnum(pol.type, ['Percent', 'Pods'], `${pp}.type`));
      if (!(pol.value > 0)) causes.push(fieldError.invalid(`${pp}.value`, pol.value ?? 0, 'must be greater than zero'));
      if (!(pol.periodSeconds > 0))
        causes.push(fieldError.invalid(`${pp}.periodSeconds`, pol.periodSeconds ?? 0, 'must be greater than zero'));
      else if (pol.periodSeconds > 1800)
        causes.push(fieldError.invalid(`${pp}.periodSeconds`, pol.periodSeconds, 'must be less than or equal to 1800'));
    });
  }
  return causes;
}

function validateV1(obj: KubeObject): FieldCause[] {
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const causes = validateCommon(spec);
  const t = spec.targetCPUUtilizationPercentage;
  if (t !== undefined && t < 1)
    causes.push(fieldError.invalid('spec.targetCPUUtilizationPercentage', t, 'must be greater than 0'));
  return causes;
}

const common = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  statusSubresource: true,
  tracksGeneration: true,
} as const;

/** autoscaling/v2 horizontalpodautoscalers. */
export const hpaV2ResourceType: ResourceType = {
  ...common,
  version: 'v2',
  schemaName: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  strategy: buildStrategy({ namespaced: true, defaults: defaultHpaV2, validate: validateV2 }),
};

/** autoscaling/v1 horizontalpodautoscalers (minReplicas defaults to 1). */
export const hpaV1ResourceType: ResourceType = {
  ...common,
  version: 'v1',
  schemaName: 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  strategy: buildStrategy({
    namespaced: true,
    defaults: (obj) => {
      specOf(obj).minReplicas ??= 1;
    },
    validate: validateV1,
  }),
};
