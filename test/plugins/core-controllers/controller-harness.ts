import { pino } from 'pino';
import { HttpKubeClient } from '../../../sdk/client/http-kube-client.js';
import { systemClock } from '../../../sdk/plugins/clock.js';
import type { Logger } from '../../../sdk/plugins/logger.js';
import { startTestControlPlane, type TestControlPlane } from '../../helpers/control-plane.js';

/** A control plane, a client of it, and an abort signal that stops the controllers under test. */
export interface ControllerHarness {
  plane: TestControlPlane;
  client: HttpKubeClient;
  kubeconfig: string;
  logger: Logger;
  signal: AbortSignal;
  stop(): Promise<void>;
}

/** Starts a control plane (namespace finalization on) and a client for controllers under test. */
export async function startHarness(): Promise<ControllerHarness> {
  const plane = await startTestControlPlane({ namespaceFinalization: true });
  const client = await HttpKubeClient.fromKubeconfig(plane.kubeconfigPath);
  const ac = new AbortController();
  const logger = pino({ level: process.env.CAPSTAN_TEST_LOG ?? 'silent' }) as unknown as Logger;
  return {
    plane,
    client,
    kubeconfig: plane.kubeconfigPath,
    logger,
    signal: ac.signal,
    async stop() {
      ac.abort();
      client.close();
      await plane.destroy();
    },
  };
}

export { systemClock };
