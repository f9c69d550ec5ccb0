import test from 'ava';
import { linuxContainerResources, oomScoreAdj } from '../../../sdk/cri/index.js';

// Expected figures follow kubelet's MilliCPUToShares / MilliCPUToQuota (1 CPU = 1024 shares, at
// least 2; quota = milliCPU x 100000 / 1000, at least 1000) and the memory limit in bytes.
const cases: [string, Parameters<typeof linuxContainerResources>[0], ReturnType<typeof linuxContainerResources>][] = [
  ['no resources: minimum shares only', undefined, { cpuShares: 2 }],
  [
    '250m request, 500m/128Mi limits',
    { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
    { cpuShares: 256, cpuPeriod: 100000, cpuQuota: 50000, memoryLimitInBytes: 134217728 },
  ],
  ['100m request truncates to 102 shares', { requests: { cpu: '100m' } }, { cpuShares: 102 }],
  ['1m request is below the minimum', { requests: { cpu: '1m' } }, { cpuShares: 2 }],
  [
    'a limit without a request sets shares from the limit',
    { limits: { cpu: '2' } },
    { cpuShares: 2048, cpuPeriod: 100000, cpuQuota: 200000 },
  ],
  [
    'a tiny CPU limit gets the minimum quota',
    { limits: { cpu: '5m' } },
    { cpuShares: 5, cpuPeriod: 100000, cpuQuota: 1000 },
  ],
  ['decimal memory', { limits: { memory: '1G' } }, { cpuShares: 2, memoryLimitInBytes: 1000000000 }],
  ['integer CPU request', { requests: { cpu: 1 } }, { cpuShares: 1024 }],
];
for (const [title, input, expected] of cases) {
  test(`resources: ${title}`, (t) => {
    t.deepEqual(linuxContainerResources(input), expected);
  });
}

const gi = 2 ** 30;
const oom: [Parameters<typeof oomScoreAdj>, number][] = [
  [['Guaranteed', gi, 4 * gi], -997],
  [['BestEffort', 0, 4 * gi], 1000],
  [['Burstable', gi, 4 * gi], 750],
  [['Burstable', 0, 4 * gi], 999],
  [['Burstable', 8 * gi, 4 * gi], 3],
];
for (const [args, expected] of oom) {
  test(`oom score: ${args[0]} with ${args[1]} of ${args[2]} bytes is ${expected}`, (t) => {
    t.is(oomScoreAdj(...args), expected);
  });
}

test('resources carry the OOM score when the QoS class is given', (t) => {
  const r = linuxContainerResources(
    { requests: { memory: '1Gi' } },
    { qosClass: 'Burstable', memoryCapacityBytes: 4 * gi },
  );
  t.is(r.oomScoreAdj, 750);
});
