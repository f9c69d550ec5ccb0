import test from 'ava';
import { startTestControlPlane } from '../../helpers/control-plane.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import { KubeEventRecorder } from '../../../sdk/runtime/event-recorder.js';

test('events.k8s.io Events: repeats become one Event with series.count, distinct notes new Events', async (t) => {
  const plane = await startTestControlPlane();
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  try {
    const cm = await client.create(builtin.configMaps, { metadata: { name: 'subject', namespace: 'default' } });
    const recorder = new KubeEventRecorder(client, 'example.com/tester', { instance: 'tester-1' });
    for (let i = 0; i < 3; i++) await recorder.event(cm, 'Warning', 'FailedThing', 'Sync', 'it failed');
    await recorder.event(cm, 'Normal', 'Synced', 'Sync', 'it worked');
    const events = (await client.list(builtin.events, { namespace: 'default' })).items.filter(
      (e) => e.regarding?.uid === cm.metadata.uid,
    );
    const failed = events.filter((e) => e.reason === 'FailedThing');
    t.is(failed.length, 1);
    t.is(failed[0]!.series?.count, 3);
    t.is(failed[0]!.type, 'Warning');
    t.is(failed[0]!.reportingController, 'example.com/tester');
    t.is(failed[0]!.reportingInstance, 'tester-1');
    t.regex(failed[0]!.metadata.name!, /^subject\.[0-9a-f]+$/);
    t.deepEqual(
      {
        kind: failed[0]!.regarding?.kind,
        name: failed[0]!.regarding?.name,
        namespace: failed[0]!.regarding?.namespace,
      },
      { kind: 'ConfigMap', name: 'subject', namespace: 'default' },
    );
    const ok = events.filter((e) => e.reason === 'Synced');
    t.is(ok.length, 1);
    t.is(ok[0]!.series, undefined, 'a single occurrence has no series');
  } finally {
    client.close();
    await plane.destroy();
  }
});
