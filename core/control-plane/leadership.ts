import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { Leadership } from '../../sdk/plugins/leadership.js';
import type { Logger } from '../../sdk/plugins/logger.js';
import type { Clock } from '../../sdk/runtime/clock.js';
import { LeaderElector } from '../../sdk/runtime/leader-elector.js';

/** Lease timings (client-go's defaults: 15 s, 10 s, 2 s). */
export interface LeaseTimings {
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** How the control plane elects leaders. */
export interface LeadershipOptions {
  /** The client the Leases are written through; called when the first campaign starts. */
  client: () => KubeClient;
  /** False on a store only this process opens: work then runs at once, without Leases. */
  elected: boolean;
  /** This process's identity in Lease holders. */
  identity: string;
  timings?: LeaseTimings;
  logger: Logger;
  clock?: Clock;
}

/** The control plane's Leadership service (see the sdk contract). */
export function createLeadership(o: LeadershipOptions): Leadership {
  const runLead = async (name: string, lead: (s: AbortSignal) => Promise<void> | void, signal: AbortSignal) => {
    try {
      await lead(signal);
    } catch (err) {
      if (!signal.aborted) o.logger.error({ component: 'leadership', lease: name, err }, 'leader work failed');
    }
  };
  return {
    elected: o.elected,
    async whileLeading(name, lead, signal) {
      if (!o.elected) {
        await runLead(name, lead, signal);
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return;
      }
      const running = new Set<Promise<void>>();
      const elector = new LeaderElector(
        o.client(),
        { name, namespace: 'kube-system', identity: o.identity, ...o.timings },
        {
          onStartedLeading: (leading) => {
            const p = runLead(name, lead, leading);
            running.add(p);
            void p.finally(() => running.delete(p));
          },
        },
        { clock: o.clock, logger: o.logger as never },
      );
      try {
        await elector.run(signal);
      } catch (err) {
        if (!signal.aborted) o.logger.error({ component: 'leadership', lease: name, err }, 'leader election ended');
      }
      await Promise.all(running);
    },
  };
}
