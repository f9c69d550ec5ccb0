import type { OwnerReference } from '../../sdk/api/kube-object.js';
import type { Pod, PodTemplateSpec } from './workload-types.js';

/**
 * controller.GetPodFromTemplate: a new pod with the template's labels, annotations, finalizers and
 * spec, `generateName` set to `<prefix>` and the controller reference given.
 */
export function podFromTemplate(
  template: PodTemplateSpec | undefined,
  namespace: string,
  generateName: string,
  controllerRef: OwnerReference | undefined,
): Pod {
  const t = structuredClone(template ?? {});
  const metadata: Pod['metadata'] = { generateName, namespace };
  if (t.metadata?.labels && Object.keys(t.metadata.labels).length > 0) metadata.labels = t.metadata.labels;
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length > 0)
    metadata.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers && t.metadata.finalizers.length > 0) metadata.finalizers = t.metadata.finalizers;
  if (controllerRef) metadata.ownerReferences = [controllerRef];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: t.spec ?? {} };
}

/** controller.getPodsPrefix: `<name>-`, the generateName of a controller's pods. */
export function podsPrefix(controllerName: string): string {
  return `${controllerName}-`;
}
