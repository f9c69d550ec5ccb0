import { ConflictError, NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import type { Pod } from '../../../plugins/workload-controllers/workload-types.js';

/**
 * Stands in for nodes in e2e tests while simulated nodes are not available: polls pods and moves
 * them through their lifecycle with status writes. Service pods turn Running and Ready; pods of
 * Jobs (those with the job-name label) turn Succeeded, or Failed when their image is `fail`.
 */
export function startFakeKubelet(client: KubeClient, namespace: string): { stop(): void } {
  let stopped = false;
  const tick = async () => {
    const pods = (await client.list(builtin.pods, { namespace })).items as Pod[];
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed') continue;
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const isJob = !!pod.metadata.labels?.['batch.kubernetes.io/job-name'];
      let status: Record<string, unknown>;
      if (isJob && phase === 'Running') {
        const fail = pod.spec?.containers?.[0]?.image === 'fail';
        status = {
          phase: fail ? 'Failed' : 'Succeeded',
          conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
          containerStatuses: [
            {
              name: pod.spec!.containers![0]!.name,
              ready: false,
              restartCount: 0,
              image: 'x',
              imageID: '',
              state: { terminated: { exitCode: fail ? 1 : 0, finishedAt: now, reason: fail ? 'Error' : 'Completed' } },
            },
          ],
        };
      } else if (phase !== 'Running') {
        status = {
          phase: 'Running',
          startTime: now,
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
        };
      } else continue;
      try {
        await client.patch(builtin.pods, pod.metadata.name!, { status }, 'merge', { namespace, subresource: 'status' });
      } catch (err) {
        if (!(err instanceof NotFoundError || err instanceof ConflictError)) throw err;
      }
    }
  };
  const loop = async () => {
    while (!stopped) {
      try {
        await tick();
      } catch {
        // the control plane may be stopping
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  void loop();
  return { stop: () => (stopped = true) };
}
