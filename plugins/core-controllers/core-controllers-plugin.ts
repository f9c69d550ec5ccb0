import { setMaxListeners } from 'node:events';
import { bindLedLifecycle, definePlugin } from '../../sdk/plugins/index.js';
import { readCoreControllersConfig } from './core-controllers-config.js';
import { startCoreControllers } from './core-controllers.js';

/** The Lease that elects the process running these controllers. */
export const coreControllersLease = 'capstan-core-controllers';

/**
 * The core controllers plugin: garbage collector, namespace lifecycle, ServiceAccounts, node
 * lifecycle, pod GC, Endpoints and EndpointSlices (kube-controller-manager semantics). It needs the
 * KubeClient service; without one it binds nothing (and says so). The control plane turns
 * namespace finalization on when this plugin runs its namespace controller.
 */
export const coreControllersPlugin = definePlugin({
  name: 'core-controllers',
  version: '0.1.0',
  description:
    'Garbage collector, namespace, ServiceAccount, node lifecycle, pod GC, Endpoints and EndpointSlice controllers',
  register(reg) {
    readCoreControllersConfig(reg.config);
    bindLedLifecycle(reg, {
      component: 'core-controllers',
      lease: coreControllersLease,
      async start(client, ctx, signal) {
        const own = new AbortController();
        // Every informer and controller of the process listens on it.
        setMaxListeners(0, own.signal);
        const stopOwn = () => own.abort();
        signal.addEventListener('abort', stopOwn, { once: true });
        const options = readCoreControllersConfig(ctx.config);
        await startCoreControllers(client, { clock: ctx.clock, logger: ctx.logger }, own.signal, options);
        return { stop: stopOwn };
      },
    });
  },
});
