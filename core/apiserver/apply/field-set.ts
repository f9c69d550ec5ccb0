import type { SchemaNode } from '../schema/schema-node.js';
import { emptyFieldSet, insertPath, type FieldSet, type PathElementKey } from './fields-v1.js';
import {
  fieldKey,
  fieldSchema,
  isAtomicMap,
  isListSchema,
  isMapSchema,
  isObject,
  listItemElement,
  listSemantics,
} from './schema-walk.js';

/** Which parts of an object a write may own. */
export interface FieldSetOptions {
  /**
   * The resource has a status subresource: writes to the main resource own nothing under `status`
   * (its strategy resets status, so the apiserver's reset fields exclude it).
   */
  readonly statusSubresource?: boolean;
  /**
   * The subresource written (`status`, `scale`, ...), empty for the main resource. A write to
   * `status` owns nothing under `spec` (the status strategy resets it).
   */
  readonly subresource?: string;
  /**
   * Explicit reset fields (paths of field names, e.g. `[['status']]`): nothing at or below them is
   * owned. Replaces what `statusSubresource`/`subresource` would derive.
   */
  readonly resetFields?: ReadonlyArray<readonly string[]>;
}

/**
 * A trie of paths to leave out of every field set: metadata the apiserver strips from ownership
 * (`metadata.name`, `uid`, ...) plus the reset fields of the resource/subresource. A member node
 * means "skip this element and everything below it".
 */
export type IgnoreTrie = FieldSet;

const STRIPPED_METADATA = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
];

const ignoreCache = new Map<string, IgnoreTrie>();

/** The ignore trie for `options` (cached; do not mutate the result). */
export function ignoreTrie(options: FieldSetOptions = {}): IgnoreTrie {
  const reset = resetFieldsOf(options);
  const cacheKey = JSON.stringify(reset);
  let trie = ignoreCache.get(cacheKey);
  if (!trie) {
    trie = emptyFieldSet();
    insertPath(trie, [fieldKey('apiVersion')]);
    insertPath(trie, [fieldKey('kind')]);
    for (const f of STRIPPED_METADATA) insertPath(trie, [fieldKey('metadata'), fieldKey(f)]);
    for (const path of reset) insertPath(trie, path.map(fieldKey));
    if (ignoreCache.size < 100) ignoreCache.set(cacheKey, trie);
  }
  return trie;
}

const resetCache = new Map<string, IgnoreTrie>();

/** A trie of the reset fields alone (what a write through this endpoint may not change). */
export function resetTrie(options: FieldSetOptions = {}): IgnoreTrie {
  const reset = resetFieldsOf(options);
  const cacheKey = JSON.stringify(reset);
  let trie = resetCache.get(cacheKey);
  if (!trie) {
    trie = emptyFieldSet();
    for (const path of reset) insertPath(trie, path.map(fieldKey));
    if (resetCache.size < 100) resetCache.set(cacheKey, trie);
  }
  return trie;
}

function resetFieldsOf(options: FieldSetOptions): ReadonlyArray<readonly string[]> {
  if (options.resetFields) return options.resetFields;
  if (options.subresource === 'status') return [['spec']];
  if (!options.subresource && options.statusSubresource) return [['status']];
  return [];
}

/** Whether the element `key` below `ignore` is skipped, and the ignore node to walk below it. */
export function descendIgnore(
  ignore: IgnoreTrie | undefined,
  key: PathElementKey,
): { skip: boolean; next: IgnoreTrie | undefined } {
  const next = ignore?.children?.get(key);
  if (!next) return { skip: false, next: undefined };
  return { skip: next.member, next };
}

/** True for the root `metadata` element, which the apiserver never records as owned by itself. */
export function isRootMetadata(depth: number, key: PathElementKey): boolean {
  return depth === 0 && key === 'f:metadata';
}

/**
 * The fields an object sets, as structured-merge-diff's ToFieldSet computes them for an applied
 * configuration: scalars, atomic lists and atomic maps are leaves; items of associative lists are
 * members (`k:{...}` or `v:...`) with their own fields below; keys of maps that are not declared
 * fields of a struct (labels, annotations, `additionalProperties` maps, unknown fields) are members;
 * declared struct fields are members only when they are leaves. Stripped metadata, managedFields and
 * reset fields are left out. Throws `ListItemError` when an associative-list item lacks a key.
 */
export function computeFieldSet(
  object: unknown,
  schema: SchemaNode | undefined,
  options: FieldSetOptions = {},
): FieldSet {
  const set = emptyFieldSet();
  if (!isObject(object)) return set;
  walkMap(object, schema, set, ignoreTrie(options), 0);
  return set;
}

function child(node: FieldSet, key: PathElementKey): FieldSet {
  node.children ??= new Map();
  let c = node.children.get(key);
  if (!c) {
    c = { member: false };
    node.children.set(key, c);
  }
  return c;
}

function walkMap(
  obj: Record<string, unknown>,
  schema: SchemaNode | undefined,
  node: FieldSet,
  ignore: IgnoreTrie | undefined,
  depth: number,
): void {
  for (const name in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, name)) continue;
    const value = obj[name];
    if (value === undefined) continue;
    const key = fieldKey(name);
    const ig = ignore ? descendIgnore(ignore, key) : undefined;
    if (ig?.skip) continue;
    const fs = fieldSchema(schema, name);
    const c = child(node, key);
    walkValue(value, fs.schema, c, ig?.next, depth + 1);
    if (!fs.declared && !isRootMetadata(depth, key)) c.member = true;
    if (!c.member && (!c.children || c.children.size === 0)) node.children!.delete(key);
  }
}

function walkValue(
  value: unknown,
  schema: SchemaNode | undefined,
  node: FieldSet,
  ignore: IgnoreTrie | undefined,
  depth: number,
): void {
  if (Array.isArray(value) || (value === null && isListSchema(schema))) {
    const semantics = listSemantics(schema);
    if (semantics.kind === 'atomic') {
      node.member = true;
      return;
    }
    if (value === null) return;
    const itemSchema = schema?.items;
    for (const item of value as unknown[]) {
      const key = listItemElement(semantics, itemSchema, item);
      const c = child(node, key);
      walkValue(item, itemSchema, c, undefined, depth + 1);
      c.member = true;
    }
    return;
  }
  if (isObject(value) || (value === null && isMapSchema(schema))) {
    if (isAtomicMap(schema)) {
      node.member = true;
      return;
    }
    if (value === null) return;
    walkMap(value as Record<string, unknown>, schema, node, ignore, depth);
    return;
  }
  node.member = true;
}
