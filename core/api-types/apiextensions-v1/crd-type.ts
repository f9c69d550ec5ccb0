import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import {
  buildStrategy,
  invalidEach,
  isDns1035Label,
  isDns1123Subdomain,
  isRecord,
  specOf,
  validateEnum,
  validateImmutable,
} from '../../../sdk/api/validation/index.js';

type Json = Record<string, any>;

/** Defaults of a CRD: singular and listKind from the kind, conversion None, strategy for each version. */
function defaultCrd(obj: KubeObject): void {
  const spec = specOf(obj);
  if (isRecord(spec.names)) {
    if (!spec.names.singular && typeof spec.names.kind === 'string')
      spec.names.singular = spec.names.kind.toLowerCase();
    if (!spec.names.listKind && typeof spec.names.kind === 'string') spec.names.listKind = `${spec.names.kind}List`;
  }
  if (!isRecord(spec.conversion)) spec.conversion = { strategy: 'None' };
  if (!isRecord(obj.status))
    obj.status = { acceptedNames: { kind: '', plural: '' }, conditions: [], storedVersions: [] };
}

function validateCrd(obj: KubeObject): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec: Json = isRecord(obj.spec) ? obj.spec : {};
  const names: Json = isRecord(spec.names) ? spec.names : {};
  if (obj.metadata.name !== `${names.plural ?? ''}.${spec.group ?? ''}`) {
    causes.push(
      fieldError.invalid('metadata.name', obj.metadata.name ?? '', 'must be spec.names.plural+"."+spec.group'),
    );
  }
  if (!spec.group) causes.push(fieldError.required('spec.group', ''));
  else {
    causes.push(...invalidEach('spec.group', spec.group, isDns1123Subdomain(spec.group)));
    if (String(spec.group).split('.').length < 2)
      causes.push(fieldError.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  causes.push(...validateEnum(spec.scope, ['Cluster', 'Namespaced'], 'spec.scope'));
  if (!names.plural) causes.push(fieldError.required('spec.names.plural', ''));
  else causes.push(...invalidEach('spec.names.plural', names.plural, isDns1035Label(names.plural)));
  if (names.singular)
    causes.push(...invalidEach('spec.names.singular', names.singular, isDns1035Label(names.singular)));
  if (!names.kind) causes.push(fieldError.required('spec.names.kind', 'must be specified'));
  if (!names.listKind) causes.push(fieldError.required('spec.names.listKind', 'must be specified'));
  const versions: Json[] = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0)
    causes.push(
      fieldError.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'),
    );
  else {
    const storage = versions.filter((v) => v.storage === true).length;
    if (storage !== 1)
      causes.push(
        fieldError.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'),
      );
    const seen = new Set<string>();
    versions.forEach((v, i) => {
      if (!v.name) causes.push(fieldError.required(`spec.versions[${i}].name`, ''));
      else if (seen.has(v.name))
        causes.push(fieldError.invalid('spec.versions', versions, 'must contain unique version names'));
      seen.add(v.name);
    });
  }
  return causes;
}

/** apiextensions.k8s.io/v1 customresourcedefinitions. */
export const crdResourceType: ResourceType = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  statusSubresource: true,
  schemaName: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  tracksGeneration: true,
  strategy: buildStrategy({
    namespaced: false,
    defaults: defaultCrd,
    validate: validateCrd,
    validateUpdate: (obj, old) =>
      validateImmutable((obj.spec as Json | undefined)?.scope, (old.spec as Json | undefined)?.scope, 'spec.scope'),
  }),
};
