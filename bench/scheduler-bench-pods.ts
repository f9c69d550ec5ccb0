import type { Pod } from '../sdk/scheduler/index.js';

/** The pod shapes of the scheduler benchmark's workloads, by name. */
export type PodShape = 'basic' | 'anti-affinity';

// scheduler_perf templates: node-default.yaml (4 cpu, 32Gi, 110 pods), pod-default.yaml (100m, 500Mi).
export function basicPod(name: string): Pod {
  return {
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: {
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          resources: { requests: { cpu: '100m', memory: '500Mi' } },
        },
      ],
    },
  };
}

// pod-with-pod-anti-affinity.yaml: required anti-affinity on the hostname to pods of the same colour.
export function antiAffinityPod(name: string): Pod {
  const p = basicPod(name);
  p.metadata.labels = { color: 'green' };
  p.spec!.affinity = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
  return p;
}

/** The builder of a shape. */
export function podOfShape(shape: PodShape): (name: string) => Pod {
  return shape === 'basic' ? basicPod : antiAffinityPod;
}
