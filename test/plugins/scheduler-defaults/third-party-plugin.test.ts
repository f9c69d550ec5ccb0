// The example third-party score plugin (test/fixtures/plugins/prefer-label-scheduler-plugin) loaded
// by the plugin host from a configured folder, next to the default plugins, and enabled in a
// scheduler profile by name with its arguments.
import test from 'ava';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../core/config/index.js';
import { createPluginHost } from '../../../core/plugins/plugin-host.js';
import { Scheduler } from '../../../core/scheduler/index.js';
import { FakeClock } from '../../../sdk/plugins/fake-clock.js';
import { SchedulerPluginRegistration, SchedulerPluginRegistry } from '../../../sdk/scheduler/index.js';
import { FakeCluster } from '../../core/scheduler/fake-cluster.js';
import { makeNode, makePod } from '../../core/scheduler/fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = resolve(here, '../../fixtures/plugins/prefer-label-scheduler-plugin');
const defaults = resolve(here, '../../../plugins/scheduler-defaults');

async function registrations() {
  const config = parseConfig(`plugins:\n  paths: [${JSON.stringify(defaults)}, ${JSON.stringify(fixture)}]\n`, {
    source: 'test.yaml',
    baseDir: here,
  });
  const host = await createPluginHost({ builtinDir: null, config });
  return { host, regs: host.container.getAll<SchedulerPluginRegistration>(SchedulerPluginRegistration) };
}

test('the plugin host loads the example plugin and the defaults as scheduler plugin registrations', async (t) => {
  const { host, regs } = await registrations();
  const names = regs.map((r) => r.name);
  t.true(names.includes('PreferLabel'));
  t.true(names.includes('NodeResourcesFit'));
  t.like(
    host.list().find((p) => p.name === 'prefer-label-scheduler'),
    { source: 'path', description: 'Scheduler score plugin PreferLabel: prefers nodes with a label' },
  );
});

for (const tc of [
  { name: 'enabled: the labelled node wins', enable: true, want: 'labelled' },
  { name: 'not enabled: the emptier node wins', enable: false, want: 'plain' },
]) {
  test(`PreferLabel ${tc.name}`, async (t) => {
    const { regs } = await registrations();
    const cluster = new FakeCluster();
    const scheduler = new Scheduler({
      client: cluster.client,
      registry: new SchedulerPluginRegistry(regs),
      clock: new FakeClock(),
      eventRecorder: cluster.recorder,
      config: tc.enable
        ? {
            profiles: [
              {
                plugins: { score: { enabled: [{ name: 'PreferLabel', weight: 10 }] } },
                pluginConfig: [{ name: 'PreferLabel', args: { key: 'tier', value: 'gold' } }],
              },
            ],
          }
        : undefined,
    });
    cluster.scheduler = scheduler;
    cluster.addNode(makeNode('labelled').labels({ tier: 'gold' }).obj());
    cluster.addNode(makeNode('plain').obj());
    // A running pod on "labelled" makes it the more allocated node.
    cluster.addPod(makePod('running').req({ cpu: '2', memory: '4Gi' }).node('labelled').obj());
    cluster.addPod(makePod('p').req({ cpu: '500m', memory: '512Mi' }).obj());
    t.like(await scheduler.scheduleOne(), { result: 'scheduled', node: tc.want });
  });
}
