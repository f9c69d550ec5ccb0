import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ResourceQuota } from '../../../sdk/api/quota/quota-usage.js';
import { resourceQuotaResourceType } from '../../api-types/core-v1/resource-quota-type.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import { apiErrors } from '../status.js';
import type { MutatingAdmission } from './admission.js';
import { admissionForbidden } from './admission-forbidden.js';
import { checkQuotas, quotaHandles } from './quota-admission-check.js';

/**
 * The ResourceQuota admission plugin: a create (or a claim or service update) that would take a
 * quota of its namespace over status.hard is refused with 403 Forbidden and kube's message;
 * otherwise its usage is charged to each matching quota's status.used with a compare-and-swap on
 * the quota's revision, re-reading and re-checking on a conflict, so that concurrent requests
 * cannot both pass a quota that has room for one. Dry runs are checked but not charged; a request
 * that validation or an existing name will refuse is not charged either.
 */
export class ResourceQuotaAdmission implements MutatingAdmission {
  readonly name = 'ResourceQuota';

  constructor(
    private readonly storage: ObjectStorage,
    private readonly options: {
      now?: () => number;
      maxAttempts?: number;
      quotaType?: ResourceType;
      /** ResourceQuotas per namespace from memory (undefined: unknown, read the store). */
      countIn?: (namespace: string) => number | undefined;
    } = {},
  ) {}

  handles(type: ResourceType): boolean {
    return type.namespaced;
  }

  async admit(
    op: 'CREATE' | 'UPDATE',
    type: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
    dryRun: boolean,
  ): Promise<void> {
    const ns = obj.metadata.namespace;
    if (!ns) return;
    const quotaType = this.options.quotaType ?? resourceQuotaResourceType;
    const resource = { group: type.group, plural: type.plural };
    if (!quotaHandles(resource, op)) return;
    if (this.options.countIn?.(ns) === 0) return;
    const charged = new Set<string>();
    const attempts = this.options.maxAttempts ?? 20;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const quotas = ((await this.storage.list(quotaType, ns, {})).items as ResourceQuota[]).filter(
        (q) => !charged.has(q.metadata.name!),
      );
      if (quotas.length === 0) return;
      const decision = checkQuotas(resource, op, obj, old, quotas, (this.options.now ?? Date.now)());
      if (!decision.allowed) throw admissionForbidden(type, obj, decision.message);
      if (decision.charge.length === 0 || dryRun || (await this.willBeRefused(op, type, obj, old))) return;
      let conflict = false;
      for (const q of decision.charge) {
        const res = await this.storage.update(quotaType, q, Number(q.metadata.resourceVersion));
        if (res.ok) charged.add(q.metadata.name!);
        else if (res.reason === 'conflict') conflict = true;
      }
      if (!conflict) return;
    }
    throw apiErrors.conflict('', 'resourcequotas', '', 'please retry: the quota was modified concurrently too often');
  }

  /** True when the request will fail after admission anyway (invalid, or the name is taken). */
  private async willBeRefused(
    op: 'CREATE' | 'UPDATE',
    type: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
  ): Promise<boolean> {
    const causes =
      op === 'CREATE' ? type.strategy?.validateCreate?.(obj) : old ? type.strategy?.validateUpdate?.(obj, old) : [];
    if (causes && causes.length > 0) return true;
    if (op === 'CREATE' && obj.metadata.name)
      return (await this.storage.get(type, obj.metadata.namespace, obj.metadata.name)) !== undefined;
    return false;
  }
}
