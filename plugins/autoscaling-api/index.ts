import type { ResourceType } from '../../sdk/api/resource-type.js';
import { hpaV1ResourceType, hpaV2ResourceType } from './hpa-types.js';

export { defaultHpaV2, defaultScaleDownRules, defaultScaleUpRules } from './hpa-types.js';

/** autoscaling/v2 and v1 HorizontalPodAutoscalers (v2 first: the preferred version). */
export const resourceTypes: ResourceType[] = [hpaV2ResourceType, hpaV1ResourceType];
