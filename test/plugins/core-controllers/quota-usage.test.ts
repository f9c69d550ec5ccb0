import test from 'ava';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import {
  objectUsage,
  quotaUsage,
  resourcesForQuotaNames,
  type ResourceQuota,
} from '../../../sdk/api/quota/quota-usage.js';
import { canonicalHard, quotaStatus } from '../../../plugins/core-controllers/quota/quota-status.js';
import {
  addQuantities,
  formatResourceList,
  formatResourceQuantity,
  parseResourceQuantity,
} from '../../../sdk/api/quota/resource-quantity.js';

const q = (s: string) => parseResourceQuantity(s)!;

const formats: Array<[string, string]> = [
  ['100m', '100m'],
  ['1000m', '1'],
  ['1500m', '1500m'],
  ['0.5', '500m'],
  ['2000', '2k'],
  ['1Gi', '1Gi'],
  ['1024Mi', '1Gi'],
  ['1536Mi', '1536Mi'],
  ['100Ki', '100Ki'],
  ['1e3', '1e3'],
  ['0', '0'],
  ['1n', '1n'],
  ['.1', '100m'],
];
for (const [input, want] of formats) {
  test(`quantity ${input} prints as ${want}`, (t) => {
    t.is(formatResourceQuantity(q(input)), want);
  });
}

const sums: Array<[string, string, string]> = [
  ['100m', '200m', '300m'],
  ['500m', '500m', '1'],
  ['1Gi', '512Mi', '1536Mi'],
  ['512Mi', '512Mi', '1Gi'],
  ['0', '1Gi', '1Gi'],
  ['1', '1', '2'],
];
for (const [a, b, want] of sums) {
  test(`quantity ${a} + ${b} = ${want}`, (t) => {
    t.is(formatResourceQuantity(addQuantities(q(a), q(b))), want);
  });
}

test('malformed quantities do not parse', (t) => {
  for (const bad of ['', 'abc', '1Qi', '--1', '1.2.3']) t.is(parseResourceQuantity(bad), undefined, bad);
});

let n = 0;
function pod(
  containers: Array<{ requests?: Record<string, string>; limits?: Record<string, string> }>,
  opts: {
    phase?: string;
    activeDeadlineSeconds?: number;
    priorityClassName?: string;
    init?: Array<{ requests?: Record<string, string> }>;
  } = {},
): KubeObject {
  return {
    metadata: { name: `p${++n}`, namespace: 'default' },
    spec: {
      containers: containers.map((c, i) => ({ name: `c${i}`, image: 'x', resources: c })),
      ...(opts.init ? { initContainers: opts.init.map((c, i) => ({ name: `i${i}`, resources: c })) } : {}),
      ...(opts.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: opts.activeDeadlineSeconds } : {}),
      ...(opts.priorityClassName ? { priorityClassName: opts.priorityClassName } : {}),
    },
    status: { phase: opts.phase ?? 'Running' },
  };
}

const pods = { group: '', plural: 'pods' };

test('pod usage: counts, requests and limits summed over containers, init containers as a floor', (t) => {
  const usage = objectUsage(
    pods,
    pod(
      [
        { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
        { requests: { cpu: '250m' } },
      ],
      { init: [{ requests: { cpu: '2' } }] },
    ),
    0,
  );
  t.deepEqual(formatResourceList(usage), {
    'count/pods': '1',
    cpu: '2',
    'limits.cpu': '500m',
    'limits.memory': '128Mi',
    memory: '64Mi',
    pods: '1',
    'requests.cpu': '2',
    'requests.memory': '64Mi',
  });
});

test('a finished pod uses nothing', (t) => {
  t.is(objectUsage(pods, pod([{ requests: { cpu: '1' } }], { phase: 'Succeeded' }), 0).size, 0);
});

test('pvc and service usage', (t) => {
  const pvc: KubeObject = {
    metadata: { name: 'c' },
    spec: { storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } },
  };
  t.deepEqual(formatResourceList(objectUsage({ group: '', plural: 'persistentvolumeclaims' }, pvc, 0)), {
    'count/persistentvolumeclaims': '1',
    'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
    'fast.storageclass.storage.k8s.io/requests.storage': '5Gi',
    persistentvolumeclaims: '1',
    'requests.storage': '5Gi',
  });
  const svc: KubeObject = { metadata: { name: 's' }, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] } };
  t.deepEqual(formatResourceList(objectUsage({ group: '', plural: 'services' }, svc, 0)), {
    'count/services': '1',
    services: '1',
    'services.loadbalancers': '0',
    'services.nodeports': '2',
  });
  t.deepEqual(formatResourceList(objectUsage({ group: 'apps', plural: 'deployments' }, { metadata: {} }, 0)), {
    'count/deployments.apps': '1',
  });
});

function quota(hard: Record<string, string>, scopes?: string[], scopeSelector?: ResourceQuota['spec']): ResourceQuota {
  return { metadata: { name: 'q', namespace: 'default' }, spec: { hard, scopes, ...(scopeSelector ?? {}) } };
}

const best = pod([{}]);
const burst = pod([{ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }]);
const terminating = pod([{ requests: { cpu: '500m' } }], { activeDeadlineSeconds: 30 });
const high = pod([{ requests: { cpu: '3' } }], { priorityClassName: 'high' });
const done = pod([{ requests: { cpu: '8' } }], { phase: 'Failed' });
const allPods = [best, burst, terminating, high, done];

const usageCases: Array<[string, ResourceQuota, Record<string, string>]> = [
  [
    'unscoped compute quota',
    quota({ pods: '10', 'requests.cpu': '10', 'limits.memory': '10Gi', 'count/pods': '10' }),
    { 'count/pods': '4', 'limits.memory': '2Gi', pods: '4', 'requests.cpu': '4500m' },
  ],
  ['BestEffort scope counts only best-effort pods', quota({ pods: '10' }, ['BestEffort']), { pods: '1' }],
  [
    'NotBestEffort scope',
    quota({ pods: '10', 'requests.cpu': '10' }, ['NotBestEffort']),
    { pods: '3', 'requests.cpu': '4500m' },
  ],
  [
    'Terminating scope',
    quota({ pods: '10', 'requests.cpu': '10' }, ['Terminating']),
    { pods: '1', 'requests.cpu': '500m' },
  ],
  [
    'NotTerminating scope',
    quota({ pods: '10', 'requests.cpu': '10' }, ['NotTerminating']),
    { pods: '3', 'requests.cpu': '4' },
  ],
  [
    'PriorityClass In via scopeSelector',
    quota({ pods: '10', cpu: '10' }, undefined, {
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
    }),
    { cpu: '3', pods: '1' },
  ],
  [
    'PriorityClass DoesNotExist',
    quota({ pods: '10' }, undefined, {
      scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'DoesNotExist' }] },
    }),
    { pods: '3' },
  ],
  ['PriorityClass in scopes means any class', quota({ pods: '10' }, ['PriorityClass']), { pods: '1' }],
  [
    'a resource with no objects is zero',
    quota({ 'requests.memory': '1Gi', services: '5' }),
    { 'requests.memory': '1Gi', services: '0' },
  ],
];
for (const [title, qt, want] of usageCases) {
  test(`usage: ${title}`, (t) => {
    const status = quotaStatus(
      qt,
      [
        { resource: pods, items: allPods },
        { resource: { group: '', plural: 'services' }, items: [] },
      ],
      0,
    );
    t.deepEqual(status.used, want);
    t.deepEqual(status.hard, canonicalHard(qt));
  });
}

test('quota names map onto the resources to list', (t) => {
  t.deepEqual(
    resourcesForQuotaNames([
      'pods',
      'requests.cpu',
      'limits.memory',
      'requests.storage',
      'services.nodeports',
      'configmaps',
      'count/deployments.apps',
      'count/secrets',
    ]).map((r) => `${r.plural}.${r.group}`),
    ['pods.', 'persistentvolumeclaims.', 'services.', 'configmaps.', 'deployments.apps', 'secrets.'],
  );
});

test('status.hard is canonical', (t) => {
  t.deepEqual(canonicalHard(quota({ 'requests.cpu': '1000m', 'requests.memory': '1024Mi' })), {
    'requests.cpu': '1',
    'requests.memory': '1Gi',
  });
  const used = quotaUsage(quota({ 'requests.cpu': '1' }), ['requests.cpu'], [], 0);
  t.deepEqual(formatResourceList(used), { 'requests.cpu': '0' });
});
