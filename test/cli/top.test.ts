import test from 'ava';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { formatCpu, formatMemory, percentOf, podUsage } from '../../cli/lib/top-metrics.js';
import { capstan } from './cli-run.js';

let plane: TestControlPlane;
test.before(async () => {
  plane = await startTestControlPlane();
});
test.after.always(async () => {
  await plane?.destroy();
});

test('without a metrics.k8s.io provider, top says what kubectl says and exits 1', async (t) => {
  for (const args of [
    ['top', 'nodes'],
    ['top', 'pods', '-A'],
  ]) {
    const r = await capstan([...args, '--kubeconfig', plane.kubeconfigPath]);
    t.is(r.code, 1);
    t.is(r.stderr, 'error: Metrics API not available\n');
  }
});

test('usage is printed in millicores and mebibytes, and as a share of allocatable', (t) => {
  const cases: Array<[string, string]> = [
    [formatCpu('250000000n'), '250m'],
    [formatCpu('1'), '1000m'],
    [formatMemory('134217728'), '128Mi'],
    [formatMemory('2Gi'), '2048Mi'],
    [percentOf('500m', '2'), '25%'],
    [percentOf('1Gi', '4Gi'), '25%'],
    [percentOf('1', undefined), '<unknown>'],
  ];
  for (const [actual, expected] of cases) t.is(actual, expected);
  const u = podUsage({
    metadata: { name: 'p', namespace: 'd' },
    containers: [
      { name: 'a', usage: { cpu: '100m', memory: '1Mi' } },
      { name: 'b', usage: { cpu: '50m', memory: '3Mi' } },
    ],
  });
  t.is(Math.round(u.cpu * 1000), 150);
  t.is(u.memory, 4 * 1024 * 1024);
});
