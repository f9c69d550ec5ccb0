import type { Deployment, Pod, ReplicaSet } from '../../../plugins/workload-controllers/workload-types.js';
import { formatTime } from '../../../plugins/workload-controllers/pod-state.js';

/** 2025-01-01T00:00:00Z */
export const t0 = Date.UTC(2025, 0, 1);

let uid = 0;
/** A fresh uid. */
export function newUid(): string {
  return `uid-${++uid}`;
}

/** A pod in `phase`, ready or not, optionally on a node, created at `createdMs`. */
export function pod(
  name: string,
  opts: {
    phase?: string;
    ready?: boolean;
    node?: string;
    createdMs?: number;
    readySinceMs?: number;
    labels?: Record<string, string>;
  } = {},
): Pod {
  const p: Pod = {
    metadata: {
      name,
      namespace: 'default',
      uid: newUid(),
      labels: opts.labels ?? { app: 'web' },
      creationTimestamp: formatTime(opts.createdMs ?? t0),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(opts.node ? { nodeName: opts.node } : {}) },
    status: { phase: opts.phase ?? 'Running' },
  };
  if (opts.ready !== undefined)
    p.status!.conditions = [
      { type: 'Ready', status: opts.ready ? 'True' : 'False', lastTransitionTime: formatTime(opts.readySinceMs ?? t0) },
    ];
  return p;
}

/** A Deployment with the apiserver's defaults. */
export function deployment(
  name: string,
  replicas: number,
  opts: {
    image?: string;
    strategy?: Deployment['spec']['strategy'];
    generation?: number;
    paused?: boolean;
    revisionHistoryLimit?: number;
  } = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      generation: opts.generation ?? 1,
      creationTimestamp: formatTime(t0),
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: opts.image ?? 'nginx:1.0' }] },
      },
      strategy: opts.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: opts.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: 600,
      ...(opts.paused ? { paused: true } : {}),
    },
    status: {},
  };
}

/** Makes every ReplicaSet's pods exist and be available (status = spec). */
export function settle(rss: ReplicaSet[]): void {
  for (const rs of rss) {
    const n = rs.spec.replicas ?? 1;
    rs.status = {
      replicas: n,
      readyReplicas: n,
      availableReplicas: n,
      fullyLabeledReplicas: n,
      observedGeneration: rs.metadata.generation ?? 1,
    };
  }
}
