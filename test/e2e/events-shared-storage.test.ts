import test from 'ava';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { HttpKubeClient } from '../../sdk/client/http-kube-client.js';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { kubectl, kubectlAvailable } from '../helpers/kubectl.js';

let plane: TestControlPlane;
let client: HttpKubeClient;
test.before(async () => {
  plane = await startTestControlPlane({ storeUrl: 'memory://' });
  client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
});
test.after.always(async () => {
  client?.close();
  await plane?.destroy();
});

const regarding = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u-1' };

test.serial('an events.k8s.io/v1 Event is a core/v1 Event with the core field names, and back', async (t) => {
  await client.create(builtin.events, {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'web-1.scheduled', namespace: 'default' },
    eventTime: '2026-11-22T10:00:00.000000Z',
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-vm',
    action: 'Binding',
    reason: 'Scheduled',
    regarding,
    note: 'Successfully assigned default/web-1 to node-a',
    type: 'Normal',
  } as never);
  const core = (await client.get(builtin.coreEvents, 'web-1.scheduled', 'default')) as KubeObject &
    Record<string, unknown>;
  t.is(core.apiVersion, 'v1');
  t.deepEqual(core['involvedObject'], regarding);
  t.is(core['message'], 'Successfully assigned default/web-1 to node-a');
  t.is(core['reportingComponent'], 'default-scheduler');
  t.is(core['reason'], 'Scheduled');
  t.is(core['note'], undefined);

  await client.create(builtin.coreEvents, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.pulled', namespace: 'default' },
    involvedObject: regarding,
    reason: 'Pulled',
    message: 'Container image "capstan/busybox" already present on machine',
    source: { component: 'kubelet', host: 'node-a' },
    firstTimestamp: '2026-11-22T10:00:01Z',
    lastTimestamp: '2026-11-22T10:00:01Z',
    count: 1,
    type: 'Normal',
  } as never);
  const v1 = (await client.get(builtin.events, 'web-1.pulled', 'default')) as unknown as Record<string, unknown>;
  t.is(v1['apiVersion'], 'events.k8s.io/v1');
  t.deepEqual(v1['regarding'], regarding);
  t.is(v1['note'], 'Container image "capstan/busybox" already present on machine');
  t.deepEqual(v1['deprecatedSource'], { component: 'kubelet', host: 'node-a' });
  t.is(v1['deprecatedCount'], 1);

  const both = await client.list(builtin.events, { namespace: 'default', fieldSelector: 'regarding.name=web-1' });
  t.deepEqual(both.items.map((e) => e.metadata.name).sort(), ['web-1.pulled', 'web-1.scheduled']);
});

test.serial('a watch through events.k8s.io/v1 sees events written through core/v1, converted', async (t) => {
  const start = await client.list(builtin.events, { namespace: 'default', limit: 1 });
  const ac = new AbortController();
  const seen = (async () => {
    for await (const ev of client.watch(builtin.events, {
      namespace: 'default',
      resourceVersion: start.metadata.resourceVersion,
      signal: ac.signal,
    })) {
      const o = ev.object as unknown as Record<string, unknown> & KubeObject;
      if (ev.type === 'ADDED' && o.metadata.name === 'web-1.started') {
        ac.abort();
        return o;
      }
    }
    return undefined;
  })();
  await client.create(builtin.coreEvents, {
    metadata: { name: 'web-1.started', namespace: 'default' },
    involvedObject: regarding,
    reason: 'Started',
    message: 'Started container web',
    type: 'Normal',
  } as never);
  const o = (await seen) as Record<string, unknown> | undefined;
  t.is(o?.['apiVersion'], 'events.k8s.io/v1');
  t.is(o?.['note'], 'Started container web');
  t.is(o?.['message'], undefined);
});

whenAvailable(test, kubectlAvailable(), 'needs the real kubectl').serial(
  'kubectl get events and describe show events written through events.k8s.io/v1',
  async (t) => {
    const pod = await client.create(builtin.pods, {
      metadata: { name: 'web-2', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'capstan/busybox' }] },
    });
    await client.create(builtin.events, {
      metadata: { name: 'web-2.scheduled', namespace: 'default' },
      eventTime: new Date().toISOString().replace('Z', '000Z'),
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-vm',
      action: 'Binding',
      reason: 'Scheduled',
      regarding: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-2', uid: pod.metadata.uid },
      note: 'Successfully assigned default/web-2 to node-a',
      type: 'Normal',
    } as never);
    const r = await kubectl(plane.kubeconfigPath, ['get', 'events', '-n', 'default']);
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /Scheduled\s+pod\/web-2\s+Successfully assigned default\/web-2 to node-a/);
    const d = await kubectl(plane.kubeconfigPath, ['describe', 'pod', 'web-2', '-n', 'default']);
    t.regex(d.stdout, /Normal\s+Scheduled\s+.*Successfully assigned default\/web-2 to node-a/);
  },
);
