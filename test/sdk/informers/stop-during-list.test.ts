import test from 'ava';
import { startTestControlPlane } from '../../helpers/control-plane.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { SharedInformer } from '../../../sdk/informers/shared-informer.js';

// Regression: an informer stopped while its first list was in flight went on to open a watch with
// the already-aborted signal, which never ended it, so stop() waited for the watch's server timeout.
test('stop while the first list is in flight returns without waiting for a watch', async (t) => {
  const plane = await startTestControlPlane({ storeUrl: 'memory://' });
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfig);
  try {
    let release!: () => void;
    const listing = new Promise<void>((r) => (release = r));
    let listed!: () => void;
    const listStarted = new Promise<void>((r) => (listed = r));
    let watches = 0;
    const gated = new Proxy(client as KubeClient, {
      get(target, prop, receiver) {
        if (prop === 'list')
          return async (...args: Parameters<KubeClient['list']>) => {
            listed();
            await listing;
            return target.list(...args);
          };
        if (prop === 'watch')
          return (...args: Parameters<KubeClient['watch']>) => {
            watches++;
            return target.watch(...args);
          };
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const inf = new SharedInformer(gated, builtin.configMaps, {});
    inf.start();
    await listStarted;
    const stopped = inf.stop();
    release();
    let guard: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      stopped.then(() => 'stopped'),
      new Promise<string>((r) => (guard = setTimeout(r, 10_000, 'still running after 10 s'))),
    ]);
    clearTimeout(guard);
    t.is(outcome, 'stopped');
    t.is(watches, 0);
  } finally {
    client.close();
    await plane.destroy();
  }
});
