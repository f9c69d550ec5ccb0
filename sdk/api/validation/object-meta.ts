import { fieldError, type FieldCause } from '../field-cause.js';
import type { ObjectMeta } from '../kube-object.js';
import { invalidEach, jsonEqual, validateImmutable, validateNonnegative } from './common.js';
import { validateAnnotations, validateLabels } from './labels.js';
import { isDns1123Label, isQualifiedName, type NameValidator } from './names.js';

/** How one kind's metadata is checked. */
export interface ObjectMetaOptions {
  /** Whether the kind is namespaced (then namespace must be an RFC 1123 label). */
  namespaced: boolean;
  /** The kind's name rule (most kinds: nameIsDnsSubdomain). */
  nameValidator: NameValidator;
  /**
   * Whether to report a missing name (`name or generateName is required`). The API server's
   * handler already reports it, so strategies pass false to avoid a duplicate cause.
   */
  requireName?: boolean;
}

/** The finalizer names the API server itself understands without a domain prefix. */
// customresourcecleanup.apiextensions.k8s.io: the apiserver's own finalizer on deleted CRDs.
const standardFinalizers = new Set([
  'kubernetes',
  'orphan',
  'foregroundDeletion',
  'customresourcecleanup.apiextensions.k8s.io',
]);

/** Validates ObjectMeta as apimachinery's ValidateObjectMeta does (paths under `field`). */
export function validateObjectMeta(meta: ObjectMeta, options: ObjectMetaOptions, field = 'metadata'): FieldCause[] {
  const causes: FieldCause[] = [];
  if (meta.generateName) {
    causes.push(
      ...invalidEach(`${field}.generateName`, meta.generateName, options.nameValidator(meta.generateName, true)),
    );
  }
  if (meta.name) {
    causes.push(...invalidEach(`${field}.name`, meta.name, options.nameValidator(meta.name, false)));
  } else if (options.requireName !== false) {
    causes.push(fieldError.required(`${field}.name`, 'name or generateName is required'));
  }
  if (options.namespaced) {
    if (meta.namespace)
      causes.push(...invalidEach(`${field}.namespace`, meta.namespace, isDns1123Label(meta.namespace)));
    else if (options.requireName !== false) causes.push(fieldError.required(`${field}.namespace`, ''));
  } else if (meta.namespace) {
    causes.push(fieldError.forbidden(`${field}.namespace`, 'not allowed on this type'));
  }
  causes.push(...validateNonnegative(meta.generation, `${field}.generation`));
  causes.push(...validateLabels(meta.labels, `${field}.labels`));
  causes.push(...validateAnnotations(meta.annotations, `${field}.annotations`));
  causes.push(...validateOwnerReferences(meta, `${field}.ownerReferences`));
  causes.push(...validateFinalizers(meta.finalizers, `${field}.finalizers`));
  return causes;
}

/** ownerReferences: apiVersion, kind, name and uid set; at most one controller. */
export function validateOwnerReferences(meta: ObjectMeta, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let controllers = 0;
  (meta.ownerReferences ?? []).forEach((ref) => {
    if (!ref.apiVersion)
      causes.push(fieldError.invalid(`${field}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) causes.push(fieldError.invalid(`${field}.kind`, ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) causes.push(fieldError.invalid(`${field}.name`, ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) causes.push(fieldError.invalid(`${field}.uid`, ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller) controllers++;
  });
  if (controllers > 1) {
    causes.push(fieldError.invalid(field, meta.ownerReferences, 'Only one reference can have Controller set to true'));
  }
  return causes;
}

/** finalizers: qualified names, and a domain prefix unless a standard one; no duplicates. */
export function validateFinalizers(finalizers: readonly string[] | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  for (const f of finalizers ?? []) {
    const problems = isQualifiedName(f);
    causes.push(...invalidEach(field, f, problems));
    if (problems.length === 0 && !f.includes('/') && !standardFinalizers.has(f)) {
      causes.push(fieldError.invalid(field, f, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
    if (seen.has(f)) causes.push(fieldError.duplicate(field, f));
    seen.add(f);
  }
  return causes;
}

/**
 * Validates a metadata update (ValidateObjectMetaUpdate): the new metadata is valid, identity
 * fields are unchanged, and no finalizer is added to an object that is being deleted.
 */
export function validateObjectMetaUpdate(
  meta: ObjectMeta,
  old: ObjectMeta,
  options: ObjectMetaOptions,
  field = 'metadata',
): FieldCause[] {
  const causes = validateObjectMeta(meta, { ...options, requireName: false }, field);
  if (old.deletionTimestamp) {
    const before = new Set(old.finalizers ?? []);
    const added = (meta.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length > 0) {
      causes.push(
        fieldError.forbidden(
          `${field}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
    }
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    causes.push(fieldError.invalid(`${field}.generation`, meta.generation ?? 0, 'must not be decremented'));
  }
  causes.push(...validateImmutable(meta.name, old.name, `${field}.name`));
  causes.push(...validateImmutable(meta.namespace, old.namespace, `${field}.namespace`));
  causes.push(...validateImmutable(meta.uid, old.uid, `${field}.uid`));
  if (!jsonEqual(meta.creationTimestamp, old.creationTimestamp)) {
    causes.push(...validateImmutable(meta.creationTimestamp, old.creationTimestamp, `${field}.creationTimestamp`));
  }
  return causes;
}
