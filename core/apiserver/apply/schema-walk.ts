import type { SchemaNode } from '../schema/schema-node.js';
import { fieldElement, keyElement, valueElement, type PathElementKey } from './fields-v1.js';

/**
 * How server-side apply treats a list, as structured-merge-diff's schema conversion decides it:
 * `x-kubernetes-list-type` first; otherwise `x-kubernetes-patch-strategy: merge` makes an associative
 * list keyed by `x-kubernetes-patch-merge-key` (a set when there is no key); anything else is atomic.
 */
export type ListSemantics =
  { readonly kind: 'atomic' } | { readonly kind: 'set' } | { readonly kind: 'map'; readonly keys: readonly string[] };

const ATOMIC: ListSemantics = { kind: 'atomic' };
const SET: ListSemantics = { kind: 'set' };
const listCache = new WeakMap<SchemaNode, ListSemantics>();

/** The list semantics of `schema` (atomic when there is no schema). */
export function listSemantics(schema: SchemaNode | undefined): ListSemantics {
  if (!schema) return ATOMIC;
  let cached = listCache.get(schema);
  if (!cached) {
    cached = computeListSemantics(schema);
    listCache.set(schema, cached);
  }
  return cached;
}

function computeListSemantics(schema: SchemaNode): ListSemantics {
  switch (schema.listType) {
    case 'atomic':
      return ATOMIC;
    case 'set':
      return SET;
    case 'map': {
      const keys = schema.listMapKeys?.length
        ? schema.listMapKeys
        : schema.patchMergeKey
          ? [schema.patchMergeKey]
          : undefined;
      return keys ? { kind: 'map', keys } : SET;
    }
    default:
      break;
  }
  const strategy = schema.patchStrategy;
  if (strategy && strategy.split(',').some((s) => s.trim() === 'merge')) {
    return schema.patchMergeKey ? { kind: 'map', keys: [schema.patchMergeKey] } : SET;
  }
  return ATOMIC;
}

/** True when a map/struct is atomic (`x-kubernetes-map-type: atomic`): it is owned as a whole. */
export function isAtomicMap(schema: SchemaNode | undefined): boolean {
  return schema?.mapType === 'atomic';
}

/** True when `schema` describes a list, whatever the value at hand is. */
export function isListSchema(schema: SchemaNode | undefined): boolean {
  return !!schema && (schema.type === 'array' || schema.items !== undefined);
}

/** True when `schema` describes a map or struct. */
export function isMapSchema(schema: SchemaNode | undefined): boolean {
  return (
    !!schema &&
    (schema.type === 'object' || schema.properties !== undefined || typeof schema.additionalProperties === 'object')
  );
}

/** The schema of field `key` of a map/struct, and whether it is a declared (named) field. */
export function fieldSchema(
  schema: SchemaNode | undefined,
  key: string,
): { schema: SchemaNode | undefined; declared: boolean } {
  if (!schema) return { schema: undefined, declared: false };
  const prop = schema.properties?.[key];
  if (prop) return { schema: prop, declared: true };
  const extra = schema.additionalProperties;
  return { schema: typeof extra === 'object' ? extra : undefined, declared: false };
}

/** True when `v` is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Error for list items that cannot be identified (missing key field, map in a set, ...). */
export class ListItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListItemError';
  }
}

/**
 * The path element of an item of an associative list. Key fields missing from the item take the
 * `default` of the item schema's property when one is declared (as structured-merge-diff does);
 * otherwise this throws {@link ListItemError} with structured-merge-diff's message.
 */
export function listItemElement(
  semantics: ListSemantics,
  itemSchema: SchemaNode | undefined,
  item: unknown,
): PathElementKey {
  if (semantics.kind === 'map') {
    if (item === null || item === undefined) {
      throw new ListItemError('associative list with keys may not have a null element');
    }
    if (!isObject(item)) throw new ListItemError('associative list with keys may not have non-map elements');
    const keys = semantics.keys;
    if (keys.length === 1) {
      const k = keys[0];
      let v = item[k];
      if (v === undefined) v = keyDefault(itemSchema, k);
      if (typeof v === 'string' || typeof v === 'number') return singleKeyElement(k, v);
      return keyElement([[k, v]]);
    }
    const fields: Array<[string, unknown]> = [];
    for (const k of keys) {
      let v = item[k];
      if (v === undefined) v = keyDefault(itemSchema, k);
      fields.push([k, v]);
    }
    return keyElement(fields);
  }
  if (isObject(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  return valueElement(item);
}

const singleKeyCache = new Map<string, Map<string | number, PathElementKey>>();
let singleKeyCount = 0;

function singleKeyElement(key: string, value: string | number): PathElementKey {
  let byValue = singleKeyCache.get(key);
  if (!byValue) {
    byValue = new Map();
    singleKeyCache.set(key, byValue);
  }
  let el = byValue.get(value);
  if (el === undefined) {
    el = keyElement([[key, value]]);
    if (++singleKeyCount > 50000) {
      singleKeyCache.clear();
      singleKeyCount = 0;
    } else {
      byValue.set(value, el);
    }
  }
  return el;
}

function keyDefault(itemSchema: SchemaNode | undefined, key: string): unknown {
  const prop = itemSchema?.properties?.[key] as (SchemaNode & { default?: unknown }) | undefined;
  if (prop && prop.default !== undefined) return prop.default;
  throw new ListItemError(
    `associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`,
  );
}

const fieldElementCache = new Map<string, PathElementKey>();

/** `f:<name>`, memoized for the usual small vocabulary of field names. */
export function fieldKey(name: string): PathElementKey {
  let k = fieldElementCache.get(name);
  if (k === undefined) {
    k = fieldElement(name);
    if (fieldElementCache.size < 10000) fieldElementCache.set(name, k);
  }
  return k;
}

/** Structural equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let count = 0;
  for (const k in ao) {
    if (!Object.prototype.hasOwnProperty.call(ao, k)) continue;
    if (ao[k] === undefined) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) {
    if (Object.prototype.hasOwnProperty.call(bo, k) && bo[k] !== undefined) count--;
  }
  return count === 0;
}
