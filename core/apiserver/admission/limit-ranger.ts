import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { limitRangeResourceType } from '../../api-types/core-v1/limit-range-type.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import type { MutatingAdmission } from './admission.js';
import { admissionForbidden } from './admission-forbidden.js';
import {
  aggregateMessage,
  applyLimitRangeDefaults,
  validateClaimLimits,
  validatePodLimits,
  type LimitRange,
} from './limit-range-rules.js';

/**
 * The LimitRanger admission plugin: a new pod gets the default requests and limits of the
 * namespace's LimitRanges, then pods (on create) and claims (on create and update) are checked
 * against their min, max and maxLimitRequestRatio; a violation is refused with 403 Forbidden and
 * kube's message.
 */
export class LimitRanger implements MutatingAdmission {
  readonly name = 'LimitRanger';

  constructor(
    private readonly storage: ObjectStorage,
    private readonly limitRangeType: ResourceType = limitRangeResourceType,
    /** LimitRanges per namespace from memory (undefined: unknown, read the store). */
    private readonly countIn: (namespace: string) => number | undefined = () => undefined,
  ) {}

  handles(type: ResourceType): boolean {
    return type.group === '' && (type.plural === 'pods' || type.plural === 'persistentvolumeclaims');
  }

  async admit(op: 'CREATE' | 'UPDATE', type: ResourceType, obj: KubeObject): Promise<void> {
    const pods = type.plural === 'pods';
    if (pods && op !== 'CREATE') return;
    const ns = obj.metadata.namespace;
    if (!ns) return;
    if (this.countIn(ns) === 0) return;
    const ranges = (await this.storage.list(this.limitRangeType, ns, {})).items as LimitRange[];
    if (ranges.length === 0) return;
    if (pods) applyLimitRangeDefaults(obj, ranges);
    const errors = ranges.flatMap((r) => (pods ? validatePodLimits(obj, r) : validateClaimLimits(obj, r)));
    if (errors.length > 0) throw admissionForbidden(type, obj, aggregateMessage(errors));
  }
}
