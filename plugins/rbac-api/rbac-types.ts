import { fieldError, type FieldCause } from '../../sdk/api/field-cause.js';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  buildStrategy,
  goValue,
  invalidFormatted,
  isRecord,
  jsonEqual,
  nameIsPathSegment,
  validateLabelSelector,
} from '../../sdk/api/validation/index.js';

type Json = Record<string, any>;
const rbacGroup = 'rbac.authorization.k8s.io';

/** PolicyRules of Roles and ClusterRoles (ValidatePolicyRule). */
export function validateRules(rules: unknown, namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(rules) ? rules : []).forEach((r: Json, i: number) => {
    const p = `rules[${i}]`;
    if (!Array.isArray(r.verbs) || r.verbs.length === 0)
      causes.push(fieldError.required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls: string[] = Array.isArray(r.nonResourceURLs) ? r.nonResourceURLs : [];
    if (urls.length > 0) {
      if (namespaced)
        causes.push(
          invalidFormatted(`${p}.nonResourceURLs`, goValue(urls), 'namespaced rules cannot apply to non-resource URLs'),
        );
      if ((r.apiGroups ?? []).length > 0 || (r.resources ?? []).length > 0 || (r.resourceNames ?? []).length > 0) {
        causes.push(
          invalidFormatted(
            `${p}.nonResourceURLs`,
            goValue(urls),
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      }
      return;
    }
    if (!Array.isArray(r.apiGroups) || r.apiGroups.length === 0) {
      causes.push(fieldError.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    }
    if (!Array.isArray(r.resources) || r.resources.length === 0) {
      causes.push(fieldError.required(`${p}.resources`, 'resource rules must supply at least one resource'));
    }
  });
  return causes;
}

/** Subjects: kind, name, apiGroup per kind, namespace for service accounts. */
export function validateSubjects(subjects: unknown, bindingNamespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  (Array.isArray(subjects) ? subjects : []).forEach((s: Json, i: number) => {
    const p = `subjects[${i}]`;
    if (!s.name) causes.push(fieldError.required(`${p}.name`, ''));
    switch (s.kind) {
      case 'ServiceAccount':
        if (s.apiGroup) causes.push(fieldError.notSupported(`${p}.apiGroup`, s.apiGroup, ['']));
        if (!bindingNamespaced && !s.namespace) causes.push(fieldError.required(`${p}.namespace`, ''));
        break;
      case 'User':
      case 'Group':
        if (s.apiGroup !== rbacGroup)
          causes.push(fieldError.notSupported(`${p}.apiGroup`, s.apiGroup ?? '', [rbacGroup]));
        break;
      default:
        causes.push(fieldError.notSupported(`${p}.kind`, s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return causes;
}

/** Subject apiGroup defaults and roleRef.apiGroup (SetDefaults_Subject, SetDefaults_*Binding). */
function defaultBinding(obj: KubeObject): void {
  if (isRecord(obj.roleRef) && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = rbacGroup;
  for (const s of Array.isArray(obj.subjects) ? obj.subjects : []) {
    if (!isRecord(s) || s.apiGroup !== undefined) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup;
  }
}

function validateBinding(obj: KubeObject, namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  const ref: Json = isRecord(obj.roleRef) ? obj.roleRef : {};
  if (ref.apiGroup !== rbacGroup)
    causes.push(fieldError.notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) causes.push(fieldError.notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) causes.push(fieldError.required('roleRef.name', ''));
  causes.push(...validateSubjects(obj.subjects, namespaced));
  return causes;
}

function validateRoleRefUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  if (jsonEqual(obj.roleRef, old.roleRef)) return [];
  const r: Json = isRecord(obj.roleRef) ? obj.roleRef : {};
  const shown = `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`;
  return [invalidFormatted('roleRef', shown, 'cannot change roleRef')];
}

const base = { group: rbacGroup, version: 'v1' } as const;

export const roleResourceType: ResourceType = {
  ...base,
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  namespaced: true,
  schemaName: 'io.k8s.api.rbac.v1.Role',
  strategy: buildStrategy({
    namespaced: true,
    nameValidator: nameIsPathSegment,
    validate: (obj) => validateRules(obj.rules, true),
  }),
};

export const clusterRoleResourceType: ResourceType = {
  ...base,
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  schemaName: 'io.k8s.api.rbac.v1.ClusterRole',
  strategy: buildStrategy({
    namespaced: false,
    nameValidator: nameIsPathSegment,
    validate: (obj) => {
      const causes = validateRules(obj.rules, false);
      const agg = obj.aggregationRule as Json | undefined;
      (Array.isArray(agg?.clusterRoleSelectors) ? agg!.clusterRoleSelectors : []).forEach((s: Json, i: number) => {
        causes.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
      });
      return causes;
    },
  }),
};

export const roleBindingResourceType: ResourceType = {
  ...base,
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  schemaName: 'io.k8s.api.rbac.v1.RoleBinding',
  strategy: buildStrategy({
    namespaced: true,
    nameValidator: nameIsPathSegment,
    defaults: defaultBinding,
    validate: (obj) => validateBinding(obj, true),
    validateUpdate: validateRoleRefUpdate,
  }),
};

export const clusterRoleBindingResourceType: ResourceType = {
  ...base,
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  schemaName: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
  strategy: buildStrategy({
    namespaced: false,
    nameValidator: nameIsPathSegment,
    defaults: defaultBinding,
    validate: (obj) => validateBinding(obj, false),
    validateUpdate: validateRoleRefUpdate,
  }),
};
