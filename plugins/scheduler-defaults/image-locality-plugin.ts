import {
  MAX_NODE_SCORE,
  type CycleState,
  type FrameworkHandle,
  type NodeInfo,
  type Pod,
  type ScorePlugin,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';

const mb = 1024 * 1024;
const minThreshold = 23 * mb;
const maxContainerThreshold = 1000 * mb;

/** Adds `:latest` to an image reference without a tag (imagelocality.normalizedImageName). */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/**
 * ImageLocality (imagelocality/image_locality.go): prefers nodes that already hold the pod's
 * images, by image size scaled by how many nodes hold it (spread), between 23 MB and 1000 MB per
 * container.
 */
export class ImageLocalityPlugin implements ScorePlugin {
  readonly name = names.ImageLocality;
  constructor(private readonly handle: FrameworkHandle) {}

  private readonly images = new WeakMap<Pod, (string | undefined)[]>();

  score(_s: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    let images = this.images.get(pod);
    if (!images) {
      const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
      images = containers.map((c) => (c.image ? normalizedImageName(c.image) : undefined));
      this.images.set(pod, images);
    }
    const maxThreshold = maxContainerThreshold * images.length;
    if (nodeInfo.imageStates.size === 0) return 0;
    const total = this.handle.snapshot().list().length;
    let sum = 0;
    for (const img of images) {
      const st = img ? nodeInfo.imageStates.get(img) : undefined;
      if (st && total > 0) sum += Math.trunc(st.size * (st.numNodes / total));
    }
    sum = Math.min(Math.max(sum, minThreshold), maxThreshold);
    if (maxThreshold === minThreshold) return 0;
    return Math.trunc((MAX_NODE_SCORE * (sum - minThreshold)) / (maxThreshold - minThreshold));
  }
}
