import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  computeQosClass,
  defaultPodOnlyFields,
  defaultPodSpec,
  isRecord,
  jsonEqual,
  specOf,
  stringFields,
  validatePodSpec,
} from '../../../sdk/api/validation/index.js';

/** The fields a pod update may change, as the Forbidden message lists them. */
export const podUpdatableFieldsText =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

type Json = Record<string, any>;

function defaultPod(obj: KubeObject): void {
  const spec = specOf(obj);
  defaultPodSpec(spec);
  defaultPodOnlyFields(spec);
  if (!isRecord(obj.status)) obj.status = {};
  const status = obj.status as Json;
  status.phase ??= 'Pending';
  status.qosClass ??= computeQosClass(spec);
}

/** Pod update rules (ValidatePodUpdate): only images, activeDeadlineSeconds, tolerations additions, gates removal. */
function validatePodUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = (isRecord(obj.spec) ? obj.spec : {}) as Json;
  const was = (isRecord(old.spec) ? old.spec : {}) as Json;
  if (was.activeDeadlineSeconds !== undefined) {
    if (spec.activeDeadlineSeconds === undefined) {
      causes.push(
        fieldError.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'),
      );
    } else if (spec.activeDeadlineSeconds > was.activeDeadlineSeconds) {
      causes.push(
        fieldError.invalid(
          'spec.activeDeadlineSeconds',
          spec.activeDeadlineSeconds,
          'must be less than or equal to previous value',
        ),
      );
    }
  }
  const munged: Json = structuredClone(spec);
  for (const list of ['containers', 'initContainers']) {
    const now = munged[list];
    const before = was[list];
    if (Array.isArray(now) && Array.isArray(before) && now.length === before.length) {
      now.forEach((c: Json, i: number) => {
        if (isRecord(c) && isRecord(before[i])) c.image = before[i].image;
      });
    }
  }
  munged.activeDeadlineSeconds = was.activeDeadlineSeconds;
  if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
  const oldTolerations: Json[] = Array.isArray(was.tolerations) ? was.tolerations : [];
  const newTolerations: Json[] = Array.isArray(munged.tolerations) ? munged.tolerations : [];
  if (oldTolerations.every((t) => newTolerations.some((n) => jsonEqual(n, t)))) {
    if (was.tolerations === undefined) delete munged.tolerations;
    else munged.tolerations = was.tolerations;
  }
  const oldGates: Json[] = Array.isArray(was.schedulingGates) ? was.schedulingGates : [];
  const newGates: Json[] = Array.isArray(munged.schedulingGates) ? munged.schedulingGates : [];
  if (newGates.every((g) => oldGates.some((o) => jsonEqual(o, g)))) {
    if (was.schedulingGates === undefined) delete munged.schedulingGates;
    else munged.schedulingGates = was.schedulingGates;
  }
  if (
    typeof was.terminationGracePeriodSeconds === 'number' &&
    was.terminationGracePeriodSeconds < 0 &&
    munged.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = was.terminationGracePeriodSeconds;
  }
  if (!jsonEqual(munged, was)) {
    causes.push(
      fieldError.forbidden(
        'spec',
        `pod updates may not change fields other than ${podUpdatableFieldsText}\n${specDiff(was, munged)}`,
      ),
    );
  }
  return causes;
}

/** A short rendering of the changed top-level spec fields, in the spirit of cmp.Diff. */
function specDiff(before: Json, after: Json): string {
  const lines = ['  core.PodSpec{'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const k of keys) {
    if (jsonEqual(before[k], after[k])) continue;
    if (before[k] !== undefined) lines.push(`- \t${k}: ${JSON.stringify(before[k])},`);
    if (after[k] !== undefined) lines.push(`+ \t${k}: ${JSON.stringify(after[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

/** Field selectors of pods (PodToSelectableFields). */
export function podSelectableFields(obj: KubeObject): Record<string, string> {
  const f = stringFields(obj, [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.nominatedNodeName',
  ]);
  f['spec.hostNetwork'] = String((obj.spec as Json | undefined)?.hostNetwork === true);
  const status = (obj.status ?? {}) as Json;
  f['status.podIP'] =
    typeof status.podIP === 'string'
      ? status.podIP
      : Array.isArray(status.podIPs) && status.podIPs[0]?.ip
        ? String(status.podIPs[0].ip)
        : '';
  return f;
}

/** core/v1 pods. */
export const podResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.Pod',
  extraSubresources: [
    { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    { name: 'binding', kind: 'Binding', verbs: ['create'] },
    { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  ],
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultPod,
    validate: (obj) => validatePodSpec(obj.spec, 'spec'),
    validateUpdate: validatePodUpdate,
    selectableFields: podSelectableFields,
  }),
};
