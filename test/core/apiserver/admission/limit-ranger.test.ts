import test from 'ava';
import type { KubeObject } from '../../../../sdk/api/kube-object.js';
import {
  aggregateMessage,
  applyLimitRangeDefaults,
  validateClaimLimits,
  validatePodLimits,
  type LimitRange,
  type LimitRangeItem,
} from '../../../../core/apiserver/admission/limit-range-rules.js';

const range = (...limits: LimitRangeItem[]): LimitRange => ({
  metadata: { name: 'lr', namespace: 'default' },
  spec: { limits },
});

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
const pod = (containers: Res[], init: Res[] = []): KubeObject => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: containers.map((r, i) => ({
      name: `c${i}`,
      image: 'x',
      ...(Object.keys(r).length ? { resources: r } : {}),
    })),
    ...(init.length ? { initContainers: init.map((r, i) => ({ name: `i${i}`, image: 'x', resources: r })) } : {}),
  },
});

const resourcesOf = (p: KubeObject) =>
  ((p.spec as { containers: Array<{ resources?: Res }> }).containers ?? []).map((c) => c.resources);

const defaultCases: Array<[string, LimitRange[], Res[], Array<Res | undefined>, string | undefined]> = [
  [
    'default and defaultRequest fill an empty container',
    [
      range({
        type: 'Container',
        default: { cpu: '500m', memory: '256Mi' },
        defaultRequest: { cpu: '100m', memory: '128Mi' },
      }),
    ],
    [{}],
    [{ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } }],
    'LimitRanger plugin set: cpu, memory request for container c0; cpu, memory limit for container c0',
  ],
  [
    'values the container has are kept',
    [range({ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } })],
    [{ requests: { cpu: '50m' } }],
    [{ limits: { cpu: '500m' }, requests: { cpu: '50m' } }],
    'LimitRanger plugin set: cpu limit for container c0',
  ],
  [
    'a default limit alone also defaults the request (SetDefaults_LimitRangeItem)',
    [range({ type: 'Container', default: { memory: '1Gi' } })],
    [{}],
    [{ limits: { memory: '1Gi' }, requests: { memory: '1Gi' } }],
    'LimitRanger plugin set: memory request for container c0; memory limit for container c0',
  ],
  [
    'max becomes the default limit, min the default request',
    [range({ type: 'Container', max: { cpu: '2' }, min: { memory: '10Mi' } })],
    [{}],
    [{ limits: { cpu: '2' }, requests: { cpu: '2', memory: '10Mi' } }],
    'LimitRanger plugin set: cpu, memory request for container c0; cpu limit for container c0',
  ],
  ['Pod and PVC items give no defaults', [range({ type: 'Pod', max: { cpu: '2' } })], [{}], [undefined], undefined],
  ['no ranges, nothing set', [], [{}], [undefined], undefined],
];
for (const [title, ranges, containers, want, note] of defaultCases) {
  test(`defaults: ${title}`, (t) => {
    const p = pod(containers);
    applyLimitRangeDefaults(p, ranges);
    t.deepEqual(resourcesOf(p), want);
    t.is(p.metadata.annotations?.['kubernetes.io/limit-ranger'], note);
  });
}

const validationCases: Array<[string, LimitRange, KubeObject, string[]]> = [
  [
    'container within min and max',
    range({ type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' } }),
    pod([{ requests: { cpu: '200m' }, limits: { cpu: '1' } }]),
    [],
  ],
  [
    'container over max limit',
    range({ type: 'Container', max: { cpu: '1' } }),
    pod([{ requests: { cpu: '200m' }, limits: { cpu: '1500m' } }]),
    ['maximum cpu usage per Container is 1, but limit is 1500m'],
  ],
  [
    'container without a limit under a max',
    range({ type: 'Container', max: { memory: '1Gi' }, default: {} }),
    pod([{ requests: { memory: '100Mi' } }]),
    ['maximum memory usage per Container is 1Gi.  No limit is specified'],
  ],
  [
    'container under min request',
    range({ type: 'Container', min: { memory: '64Mi' } }),
    pod([{ requests: { memory: '32Mi' } }]),
    ['minimum memory usage per Container is 64Mi, but request is 32Mi'],
  ],
  [
    'container without a request under a min',
    range({ type: 'Container', min: { cpu: '100m' } }),
    pod([{}]),
    ['minimum cpu usage per Container is 100m.  No request is specified'],
  ],
  [
    'limit to request ratio',
    range({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }),
    pod([{ requests: { cpu: '100m' }, limits: { cpu: '500m' } }]),
    ['cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000'],
  ],
  [
    'ratio without a request',
    range({ type: 'Container', maxLimitRequestRatio: { cpu: '2' } }),
    pod([{ limits: { cpu: '500m' } }]),
    ['cpu max limit to request ratio per Container is 2, but no request is specified or request is 0'],
  ],
  [
    'pod max applies to the sum of its containers',
    range({ type: 'Pod', max: { cpu: '1' } }),
    pod([
      { requests: { cpu: '400m' }, limits: { cpu: '600m' } },
      { requests: { cpu: '400m' }, limits: { cpu: '600m' } },
    ]),
    ['maximum cpu usage per Pod is 1, but limit is 1200m'],
  ],
  [
    'pod min uses the largest init container as a floor',
    range({ type: 'Pod', min: { cpu: '1' } }),
    pod([{ requests: { cpu: '100m' } }], [{ requests: { cpu: '1' } }]),
    [],
  ],
  [
    'two violations',
    range({ type: 'Container', max: { cpu: '1', memory: '1Gi' } }),
    pod([{ limits: { cpu: '2', memory: '2Gi' } }]),
    [
      'maximum cpu usage per Container is 1, but limit is 2',
      'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    ],
  ],
];
for (const [title, r, p, want] of validationCases) {
  test(`validate pod: ${title}`, (t) => {
    t.deepEqual(validatePodLimits(p, r), want);
  });
}

const claim = (storage?: string): KubeObject => ({
  metadata: { name: 'c' },
  spec: storage ? { resources: { requests: { storage } } } : {},
});
const claimCases: Array<[string, KubeObject, string[]]> = [
  ['within', claim('5Gi'), []],
  ['under min', claim('500Mi'), ['minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi']],
  ['over max', claim('20Gi'), ['maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi']],
  [
    'no request',
    claim(),
    [
      'minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified',
      'maximum storage usage per PersistentVolumeClaim is 10Gi.  No request is specified',
    ],
  ],
];
for (const [title, c, want] of claimCases) {
  test(`validate claim: ${title}`, (t) => {
    t.deepEqual(
      validateClaimLimits(
        c,
        range({ type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } }),
      ),
      want,
    );
  });
}

test('aggregate messages as utilerrors prints them', (t) => {
  t.is(aggregateMessage(['a']), 'a');
  t.is(aggregateMessage(['a', 'b']), '[a, b]');
});
