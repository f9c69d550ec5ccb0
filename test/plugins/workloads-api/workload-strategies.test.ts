import test from 'ava';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { resourceTypes } from '../../../plugins/workloads-api/index.js';
import { resourceTypes as autoscaling } from '../../../plugins/autoscaling-api/index.js';
import { resourceTypes as rbac } from '../../../plugins/rbac-api/index.js';

const all = [...resourceTypes, ...autoscaling, ...rbac];
const type = (plural: string, version = 'v1') => all.find((t) => t.plural === plural && t.version === version)!;
const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...extra },
});
function defaulted(plural: string, obj: Record<string, unknown>, version = 'v1'): KubeObject {
  const o = structuredClone({
    metadata: { name: 'web', namespace: 'default', uid: '11111111-2222' },
    ...obj,
  }) as KubeObject;
  type(plural, version).strategy!.applyDefaults?.(o);
  return o;
}
const messages = (plural: string, obj: KubeObject, version = 'v1') =>
  type(plural, version).strategy!.validateCreate!(obj).map((c) => `${c.field}: ${c.message}`);

test('a deployment gets replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 and pod template defaults', (t) => {
  const d = defaulted('deployments', {
    spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) },
  });
  t.like(d.spec, {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      spec: {
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        terminationGracePeriodSeconds: 30,
        securityContext: {},
      },
    },
  });
  const podSpec = (d.spec as any).template.spec;
  t.false('enableServiceLinks' in podSpec, 'enableServiceLinks is a Pod-only default');
  t.is(podSpec.containers[0].imagePullPolicy, 'IfNotPresent');
  t.deepEqual(messages('deployments', d), []);
});

const deploymentCases: Array<{ title: string; spec: Record<string, unknown>; expected: string[] }> = [
  {
    title: 'selector does not match the template labels',
    spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'api' }) },
    expected: [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`',
    ],
  },
  {
    title: 'no selector',
    spec: { template: template({ app: 'web' }) },
    expected: ['spec.selector: Required value'],
  },
  {
    title: 'no containers',
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } },
    },
    expected: ['spec.template.spec.containers: Required value'],
  },
  {
    title: 'negative replicas and a non-Always restart policy',
    spec: {
      replicas: -1,
      selector: { matchLabels: { a: 'b' } },
      template: template({ a: 'b' }, { restartPolicy: 'Never' }),
    },
    expected: [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
  },
  {
    title: 'both surge and unavailable zero',
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: template({ a: 'b' }),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
    },
    expected: ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0'],
  },
];
for (const c of deploymentCases) {
  test(`deployment validation: ${c.title}`, (t) => {
    t.deepEqual(messages('deployments', defaulted('deployments', { spec: c.spec })), c.expected);
  });
}

test('a deployment selector is immutable', (t) => {
  const old = defaulted('deployments', {
    spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web', v: '2' }) },
  });
  const next = structuredClone(old);
  (next.spec as any).selector = { matchLabels: { app: 'web', v: '2' } };
  t.deepEqual(
    type('deployments').strategy!.validateUpdate!(next, old).map((c) => `${c.field}: ${c.message}`),
    [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ],
  );
});

test('a statefulset gets OrderedReady, RollingUpdate partition 0 and Retain/Retain', (t) => {
  const s = defaulted('statefulsets', {
    spec: { selector: { matchLabels: { a: 'b' } }, serviceName: 'web', template: template({ a: 'b' }) },
  });
  t.like(s.spec, {
    replicas: 1,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    revisionHistoryLimit: 10,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  });
  const next = structuredClone(s);
  (next.spec as any).serviceName = 'other';
  t.deepEqual(
    type('statefulsets').strategy!.validateUpdate!(next, s).map((c) => c.message),
    [
      "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ],
  );
});

test('a daemonset gets RollingUpdate maxUnavailable 1 maxSurge 0', (t) => {
  const d = defaulted('daemonsets', {
    spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) },
  });
  t.like(d.spec, {
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    revisionHistoryLimit: 10,
  });
});

test('a job gets its defaults and a generated controller-uid selector', (t) => {
  const j = defaulted('jobs', { spec: { template: template({}, { restartPolicy: 'Never' }) } });
  t.like(j.spec, {
    completions: 1,
    parallelism: 1,
    backoffLimit: 6,
    completionMode: 'NonIndexed',
    suspend: false,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': '11111111-2222' } },
  });
  t.false('manualSelector' in (j.spec as any));
  t.deepEqual((j.spec as any).template.metadata.labels, {
    'batch.kubernetes.io/controller-uid': '11111111-2222',
    'batch.kubernetes.io/job-name': 'web',
    'controller-uid': '11111111-2222',
    'job-name': 'web',
  });
  t.deepEqual(messages('jobs', j), []);
});

test('a job template must restart OnFailure or Never', (t) => {
  const j = defaulted('jobs', { spec: { template: template({}) } });
  t.deepEqual(messages('jobs', j), [
    'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
  ]);
});

test('a cronjob gets Allow, suspend false and history limits 3/1; a bad schedule is refused', (t) => {
  const c = defaulted('cronjobs', {
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: template({}, { restartPolicy: 'OnFailure' }) } },
    },
  });
  t.like(c.spec, {
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  });
  t.deepEqual(messages('cronjobs', c), []);
  (c.spec as any).schedule = 'every minute';
  t.deepEqual(messages('cronjobs', c), [
    'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
  ]);
});

test('an autoscaling/v2 HPA gets minReplicas 1, the CPU 80% metric and behavior rules', (t) => {
  const h = defaulted(
    'horizontalpodautoscalers',
    {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 5,
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    },
    'v2',
  );
  t.like(h.spec, {
    minReplicas: 1,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
  });
  t.deepEqual((h.spec as any).behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 60,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  });
  (h.spec as any).maxReplicas = 0;
  t.deepEqual(messages('horizontalpodautoscalers', h, 'v2'), [
    'spec.maxReplicas: Invalid value: 0: must be greater than 0',
  ]);
});

test('rolebindings default the roleRef group and refuse a roleRef change', (t) => {
  const rb = defaulted('rolebindings', {
    roleRef: { kind: 'Role', name: 'r' },
    subjects: [{ kind: 'User', name: 'jane' }],
  });
  t.deepEqual(rb.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
  t.is((rb.subjects as any)[0].apiGroup, 'rbac.authorization.k8s.io');
  t.deepEqual(messages('rolebindings', rb), []);
  const next = { ...rb, roleRef: { kind: 'Role', name: 'other', apiGroup: 'rbac.authorization.k8s.io' } };
  t.deepEqual(
    type('rolebindings').strategy!.validateUpdate!(next, rb)
      .map((c) => c.message)
      .at(-1),
    'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef',
  );
});

test('statefulset containers may mount a volumeClaimTemplate by name; an unknown volume is still refused', (t) => {
  const withMount = (volume: string) =>
    defaulted('statefulsets', {
      spec: {
        selector: { matchLabels: { a: 'b' } },
        serviceName: 'web',
        volumeClaimTemplates: [
          {
            metadata: { name: 'www' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: volume, mountPath: '/data' }] }] },
        },
      },
    });
  t.deepEqual(type('statefulsets').strategy!.validateCreate!(withMount('www')), []);
  t.deepEqual(
    type('statefulsets').strategy!.validateCreate!(withMount('nope')).map((c) => `${c.field}: ${c.message}`),
    ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "nope"'],
  );
});
