import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { MutatingAdmission } from './admission.js';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

const taints = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * The DefaultTolerationSeconds admission plugin: a new pod that does not tolerate the
 * not-ready and unreachable NoExecute taints gets tolerations for them with
 * `tolerationSeconds` (300 by default), so pods of a dead node are evicted after five minutes.
 */
export class DefaultTolerationSeconds implements MutatingAdmission {
  readonly name = 'DefaultTolerationSeconds';

  constructor(private readonly seconds = 300) {}

  handles(type: ResourceType): boolean {
    return type.group === '' && type.plural === 'pods';
  }

  async admit(op: 'CREATE' | 'UPDATE', _type: ResourceType, obj: KubeObject): Promise<void> {
    if (op !== 'CREATE') return;
    const spec = (obj.spec ??= {}) as { tolerations?: Toleration[] };
    const tolerations = (spec.tolerations ??= []);
    for (const key of taints) {
      const covered = tolerations.some(
        (t) =>
          (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute') &&
          ((t.operator === 'Exists' && (t.key === undefined || t.key === '')) || t.key === key),
      );
      if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: this.seconds });
    }
  }
}
