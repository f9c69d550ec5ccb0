import type { FieldCause } from '../field-cause.js';
import type { KubeObject } from '../kube-object.js';
import type { ResourceStrategy } from '../resource-type.js';
import { isRecord } from './common.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { nameIsDnsSubdomain, type NameValidator } from './names.js';

/** The parts of one kind's write behaviour, composed by {@link buildStrategy}. */
export interface KindStrategyParts {
  /** Whether the kind is namespaced (for the metadata checks). */
  readonly namespaced: boolean;
  /** The kind's name rule; RFC 1123 subdomain when absent. */
  readonly nameValidator?: NameValidator;
  /** Defaulting, called on create and on update before validation; must be idempotent. */
  defaults?(obj: KubeObject): void;
  /** Checks of the whole object, run on create and on update. */
  validate?(obj: KubeObject): FieldCause[];
  /** Checks that compare with the stored object (immutable fields), run on update only. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldCause[];
  /** Field-selector values beyond metadata.name/namespace; must return every key even for `{metadata: {}}`. */
  selectableFields?(obj: KubeObject): Record<string, string>;
}

/**
 * Builds a ResourceStrategy: metadata validation (name rule, namespace, labels, annotations,
 * owner references, finalizers; a missing name is left to the API server, which reports it)
 * followed by the kind's own checks.
 */
export function buildStrategy(parts: KindStrategyParts): ResourceStrategy {
  const metaOptions = {
    namespaced: parts.namespaced,
    nameValidator: parts.nameValidator ?? nameIsDnsSubdomain,
    requireName: false,
  };
  const strategy: ResourceStrategy = {
    validateCreate: (obj) => [...validateObjectMeta(obj.metadata ?? {}, metaOptions), ...(parts.validate?.(obj) ?? [])],
    validateUpdate: (obj, old) => [
      ...validateObjectMetaUpdate(obj.metadata ?? {}, old.metadata ?? {}, metaOptions),
      ...(parts.validate?.(obj) ?? []),
      ...(parts.validateUpdate?.(obj, old) ?? []),
    ],
  };
  if (parts.defaults) strategy.applyDefaults = (obj) => parts.defaults!(obj);
  if (parts.selectableFields) strategy.selectableFields = (obj) => parts.selectableFields!(obj);
  return strategy;
}

/** Reads a dotted path (`spec.nodeName`) of a JSON object; undefined when absent. */
export function readField(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Field-selector values of the given paths, as strings ('' when absent). */
export function stringFields(obj: unknown, paths: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of paths) {
    const v = readField(obj, p);
    out[p] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** The object's `spec` (created empty when absent or not an object). */
export function specOf(obj: KubeObject): Record<string, any> {
  if (!isRecord(obj.spec)) obj.spec = {};
  return obj.spec as Record<string, any>;
}
