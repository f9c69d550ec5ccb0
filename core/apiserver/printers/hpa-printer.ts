import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { num, obj, objects, str, type JsonObject } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatQuantity } from './quantity-format.js';

const UNKNOWN = '<unknown>';

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function percent(value: unknown): string | undefined {
  return typeof value === 'number' ? `${value}%` : undefined;
}

/** One target of `kubectl get hpa`'s Targets column (formatHPAMetrics, autoscaling/v2 shapes). */
function formatMetric(spec: JsonObject, status: JsonObject | undefined): string {
  switch (str(spec.type)) {
    case 'External':
    case 'Object': {
      const key = str(spec.type) === 'External' ? 'external' : 'object';
      const target = obj(obj(spec[key]).target);
      const current = status && present(status[key]) ? obj(obj(status[key]).current) : undefined;
      if (present(target.averageValue)) {
        const c = current && present(current.averageValue) ? formatQuantity(current.averageValue) : UNKNOWN;
        return `${c}/${formatQuantity(target.averageValue)} (avg)`;
      }
      const c = current ? formatQuantity(current.value) : UNKNOWN;
      return `${c}/${formatQuantity(target.value)}`;
    }
    case 'Pods': {
      const target = obj(obj(spec.pods).target);
      const c = status && present(status.pods) ? formatQuantity(obj(obj(status.pods).current).averageValue) : UNKNOWN;
      return `${c}/${formatQuantity(target.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const key = str(spec.type) === 'Resource' ? 'resource' : 'containerResource';
      const source = obj(spec[key]);
      const target = obj(source.target);
      const name = str(source.name);
      const current = status && present(status[key]) ? obj(obj(status[key]).current) : undefined;
      if (present(target.averageValue)) {
        const c = current ? formatQuantity(current.averageValue) : UNKNOWN;
        return `${name}: ${c}/${formatQuantity(target.averageValue)}`;
      }
      const c = (current && percent(current.averageUtilization)) ?? UNKNOWN;
      return `${name}: ${c}/${percent(target.averageUtilization) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/**
 * The metric specs and statuses of an HPA in autoscaling/v2 shape; an autoscaling/v1 object's
 * targetCPUUtilizationPercentage becomes a cpu Resource metric, as the apiserver converts it.
 */
function metricsOf(spec: JsonObject, status: JsonObject): { specs: JsonObject[]; statuses: JsonObject[] } {
  if (Array.isArray(spec.metrics)) return { specs: objects(spec.metrics), statuses: objects(status.currentMetrics) };
  if (typeof spec.targetCPUUtilizationPercentage !== 'number') return { specs: [], statuses: [] };
  const specs = [
    {
      type: 'Resource',
      resource: {
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
      },
    },
  ];
  const statuses =
    typeof status.currentCPUUtilizationPercentage === 'number'
      ? [
          {
            type: 'Resource',
            resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
          },
        ]
      : [];
  return { specs, statuses };
}

/** `cpu: 50%/80%, memory: 10Mi/100Mi + 1 more...`; `<none>` without metrics. */
export function formatHpaMetrics(specs: JsonObject[], statuses: JsonObject[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((s, i) => formatMetric(s, statuses[i]));
  const text = list.slice(0, max).join(', ');
  return list.length > max ? `${text} + ${list.length - max} more...` : text;
}

/** HorizontalPodAutoscalers: Name, Reference, Targets, MinPods, MaxPods, Replicas, Age. */
export const horizontalPodAutoscalerPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Reference',
      'string',
      'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
    ),
    column(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.',
    ),
    column(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.',
    ),
    column(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.',
    ),
    column(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const ref = obj(spec.scaleTargetRef);
    const { specs, statuses } = metricsOf(spec, status);
    return [
      o.metadata.name ?? '',
      `${str(ref.kind)}/${str(ref.name)}`,
      formatHpaMetrics(specs, statuses),
      typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
      num(spec.maxReplicas),
      num(status.currentReplicas),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};
