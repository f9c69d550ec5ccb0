import type { ResourceType } from '../../sdk/api/resource-type.js';
import { podDisruptionBudgetResourceType } from './pod-disruption-budget-type.js';

/** policy/v1 resource types (the Eviction subresource is served on pods). */
export const resourceTypes: ResourceType[] = [podDisruptionBudgetResourceType];
