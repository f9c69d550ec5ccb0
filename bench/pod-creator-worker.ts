import { parentPort, workerData } from 'node:worker_threads';
import { builtin } from '../sdk/builtin-resources.js';
import { HttpKubeClient } from '../sdk/client/http-kube-client.js';
import { podOfShape, type PodShape } from './scheduler-bench-pods.js';

/** What the scheduler benchmark asks a creator thread to do. */
export interface PodCreatorJob {
  kubeconfigPath: string;
  shape: PodShape;
  prefix: string;
  count: number;
  concurrency: number;
}

// The benchmark's load generator runs in its own thread, as scheduler_perf's clients do not
// share a core with the scheduler they measure.
const job = workerData as PodCreatorJob;
const client = await HttpKubeClient.fromKubeconfig(job.kubeconfigPath, { maxSockets: job.concurrency });
const make = podOfShape(job.shape);
let next = 0;
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    for (let i = next++; i < job.count; i = next++) await client.create(builtin.pods, make(`${job.prefix}-${i}`));
  }),
);
client.close();
parentPort?.postMessage('done');
