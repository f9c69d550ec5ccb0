import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';

/**
 * A mutating admission step, run after defaulting and before validation on create and update.
 * It may change the object, or throw a StatusError to refuse the request. Must be idempotent.
 */
export interface MutatingAdmission {
  readonly name: string;
  /** Whether the step applies to this kind. */
  handles(type: ResourceType): boolean;
  admit(
    op: 'CREATE' | 'UPDATE',
    type: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
    dryRun: boolean,
  ): Promise<void>;
}
