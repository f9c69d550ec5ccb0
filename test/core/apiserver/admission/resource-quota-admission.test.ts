import test from 'ava';
import type { KubeObject } from '../../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../../sdk/api/resource-type.js';
import { checkQuotas } from '../../../../core/apiserver/admission/quota-admission-check.js';
import { ResourceQuotaAdmission } from '../../../../core/apiserver/admission/resource-quota-admission.js';
import { ObjectStorage } from '../../../../core/apiserver/storage/object-storage.js';
import { resourceQuotaResourceType } from '../../../../core/api-types/core-v1/resource-quota-type.js';
import { openStore } from '../../../../core/store/open-store.js';
import { StatusError } from '../../../../core/apiserver/status.js';
import type { ResourceQuota } from '../../../../sdk/api/quota/quota-usage.js';

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
const pod = (name: string, ...containers: Res[]): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: containers.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) },
});

function quota(
  name: string,
  hard: Record<string, string>,
  used: Record<string, string> | undefined,
  extra: ResourceQuota['spec'] = {},
): ResourceQuota {
  return {
    metadata: { name, namespace: 'default', resourceVersion: '1' },
    spec: { hard, ...extra },
    status: { hard, ...(used ? { used } : {}) },
  };
}

const podsR = { group: '', plural: 'pods' };

const cases: Array<[string, KubeObject, ResourceQuota[], string | Record<string, Record<string, string>>]> = [
  [
    'over requests.cpu: kube message',
    pod('web', { requests: { cpu: '1' }, limits: { cpu: '1' } }),
    [quota('compute', { 'requests.cpu': '2' }, { 'requests.cpu': '1500m' })],
    'exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=1500m, limited: requests.cpu=2',
  ],
  [
    'several exceeded resources are listed together, sorted',
    pod('web', { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } }),
    [
      quota(
        'compute',
        { 'requests.cpu': '2', 'requests.memory': '1Gi', pods: '10' },
        { 'requests.cpu': '1', 'requests.memory': '0', pods: '1' },
      ),
    ],
    'exceeded quota: compute, requested: requests.cpu=2,requests.memory=2Gi, used: requests.cpu=1,requests.memory=0, limited: requests.cpu=2,requests.memory=1Gi',
  ],
  [
    'pod count',
    pod('web', {}),
    [quota('count', { pods: '2' }, { pods: '2' })],
    'exceeded quota: count, requested: pods=1, used: pods=2, limited: pods=2',
  ],
  [
    'a compute quota needs every container to declare the resource',
    pod('web', { requests: { cpu: '100m' } }, {}),
    [quota('compute', { 'limits.cpu': '4', 'requests.cpu': '4' }, { 'limits.cpu': '0', 'requests.cpu': '0' })],
    'failed quota: compute: must specify limits.cpu for: c0,c1; requests.cpu for: c1',
  ],
  [
    'a quota whose usage is not known yet refuses',
    pod('web', { requests: { cpu: '1' } }),
    [quota('compute', { 'requests.cpu': '2' }, undefined)],
    'status unknown for quota: compute, resources: requests.cpu',
  ],
  [
    'within quota: used is charged',
    pod('web', { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } }),
    [quota('compute', { 'requests.cpu': '2', pods: '5' }, { 'requests.cpu': '1', pods: '1' })],
    { compute: { pods: '2', 'requests.cpu': '1500m' } },
  ],
  [
    'a quota whose scope does not match is not charged',
    pod('web', {}),
    [quota('be', { pods: '1' }, { pods: '1' }, { scopes: ['NotBestEffort'] })],
    {},
  ],
  [
    'a quota not processed by the controller yet (no status.hard) is skipped',
    pod('web', { requests: { cpu: '1' } }),
    [{ metadata: { name: 'new', namespace: 'default' }, spec: { hard: { 'requests.cpu': '0' } } }],
    {},
  ],
];
for (const [title, obj, quotas, want] of cases) {
  test(`check: ${title}`, (t) => {
    const d = checkQuotas(podsR, 'CREATE', obj, undefined, quotas, 0);
    if (typeof want === 'string') {
      t.false(d.allowed);
      t.is(!d.allowed ? d.message : '', want);
    } else {
      t.true(d.allowed);
      t.deepEqual(Object.fromEntries((d.allowed ? d.charge : []).map((q) => [q.metadata.name, q.status?.used])), want);
    }
  });
}

test('check: a claim resize charges only the increase', (t) => {
  const r = { group: '', plural: 'persistentvolumeclaims' };
  const old = { metadata: { name: 'c', namespace: 'default' }, spec: { resources: { requests: { storage: '1Gi' } } } };
  const bigger = { ...old, spec: { resources: { requests: { storage: '3Gi' } } } };
  const q = quota(
    'storage',
    { 'requests.storage': '4Gi', persistentvolumeclaims: '5' },
    { 'requests.storage': '1Gi', persistentvolumeclaims: '1' },
  );
  const d = checkQuotas(r, 'UPDATE', bigger, old, [q], 0);
  t.true(d.allowed);
  t.deepEqual(d.allowed ? d.charge[0]?.status?.used : undefined, {
    persistentvolumeclaims: '1',
    'requests.storage': '3Gi',
  });
  const tooBig = { ...old, spec: { resources: { requests: { storage: '5Gi' } } } };
  const no = checkQuotas(r, 'UPDATE', tooBig, old, [q], 0);
  t.is(
    !no.allowed ? no.message : '',
    'exceeded quota: storage, requested: requests.storage=4Gi, used: requests.storage=1Gi, limited: requests.storage=4Gi',
  );
});

const podsType = {
  group: '',
  version: 'v1',
  plural: 'pods',
  kind: 'Pod',
  singular: 'pod',
  namespaced: true,
} as ResourceType;

test('concurrent creates cannot both pass a quota with room for one', async (t) => {
  const store = await openStore('memory://');
  t.teardown(() => store.close());
  const storage = new ObjectStorage(store);
  const created = await storage.create(resourceQuotaResourceType, {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'compute', namespace: 'default' },
    spec: { hard: { 'requests.cpu': '2' } },
    status: { hard: { 'requests.cpu': '2' }, used: { 'requests.cpu': '1' } },
  });
  t.true(created.ok);
  const admission = new ResourceQuotaAdmission(storage);
  const attempts = ['a', 'b', 'c', 'd'].map((n) =>
    admission.admit('CREATE', podsType, pod(n, { requests: { cpu: '1' }, limits: { cpu: '1' } }), undefined, false),
  );
  const results = await Promise.allSettled(attempts);
  const passed = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter(
    (r) => r.status === 'rejected' && r.reason instanceof StatusError && r.reason.code === 403,
  ) as PromiseRejectedResult[];
  t.is(passed, 1);
  t.is(refused.length, 3);
  t.regex(
    (refused[0]!.reason as Error).message,
    /^pods "[a-d]" is forbidden: exceeded quota: compute, requested: requests.cpu=1, used: requests.cpu=2, limited: requests.cpu=2$/,
  );
  const after = (await storage.get(resourceQuotaResourceType, 'default', 'compute')) as ResourceQuota;
  t.deepEqual(after.status?.used, { 'requests.cpu': '2' });
});

test('dry runs are checked but not charged', async (t) => {
  const store = await openStore('memory://');
  t.teardown(() => store.close());
  const storage = new ObjectStorage(store);
  await storage.create(resourceQuotaResourceType, {
    metadata: { name: 'count', namespace: 'default' },
    spec: { hard: { pods: '1' } },
    status: { hard: { pods: '1' }, used: { pods: '0' } },
  });
  const admission = new ResourceQuotaAdmission(storage);
  await admission.admit('CREATE', podsType, pod('x', {}), undefined, true);
  const after = (await storage.get(resourceQuotaResourceType, 'default', 'count')) as ResourceQuota;
  t.deepEqual(after.status?.used, { pods: '0' });
});
