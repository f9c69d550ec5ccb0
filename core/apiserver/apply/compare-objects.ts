import type { SchemaNode } from '../schema/schema-node.js';
import { emptyFieldSet, insertPath, type FieldSet, type PathElementKey } from './fields-v1.js';
import { descendIgnore, isRootMetadata, type IgnoreTrie } from './field-set.js';
import {
  fieldKey,
  fieldSchema,
  isAtomicMap,
  isListSchema,
  isMapSchema,
  isObject,
  jsonEqual,
  listItemElement,
  listSemantics,
} from './schema-walk.js';

/** What changed between two versions of an object, as field sets (no path is in two of them). */
export interface Comparison {
  /** Paths present only in the new object. */
  readonly added: FieldSet;
  /** Paths present in both with different values (leaves only). */
  readonly modified: FieldSet;
  /** Paths present only in the old object. */
  readonly removed: FieldSet;
}

/**
 * Compares two objects as structured-merge-diff's TypedValue.Compare does. Leaves (scalars, atomic
 * lists and maps, and maps or lists empty on both sides) are added/removed/modified; a granular map,
 * list or list item that appears or disappears as a whole is itself added or removed, along with
 * everything under it. Subtrees in `ignore` (stripped metadata, reset fields) are skipped, and the
 * root `metadata` element is never reported. Throws `ListItemError` for unidentifiable list items.
 */
export function compareObjects(
  lhs: unknown,
  rhs: unknown,
  schema: SchemaNode | undefined,
  ignore?: IgnoreTrie,
): Comparison {
  const c = new Comparer();
  if (lhs !== rhs) c.compare(lhs, rhs, schema, ignore, true);
  return { added: c.added, modified: c.modified, removed: c.removed };
}

type Shape = 'map' | 'list' | 'leaf';

class Comparer {
  readonly added = emptyFieldSet();
  readonly modified = emptyFieldSet();
  readonly removed = emptyFieldSet();
  private readonly path: PathElementKey[] = [];

  compare(
    lhs: unknown,
    rhs: unknown,
    schema: SchemaNode | undefined,
    ignore: IgnoreTrie | undefined,
    root = false,
  ): void {
    if (lhs === rhs) return;
    const ls = lhs === undefined ? undefined : shapeOf(lhs, schema);
    const rs = rhs === undefined ? undefined : shapeOf(rhs, schema);
    const shape = ls === undefined ? rs! : rs === undefined ? ls : ls === rs ? ls : 'leaf';
    let leaf = shape === 'leaf';
    if (shape === 'map') {
      if (isAtomicMap(schema) || (isEmptyMap(lhs) && isEmptyMap(rhs))) leaf = true;
      else this.compareMaps(asMap(lhs), asMap(rhs), schema, ignore, root);
    } else if (shape === 'list') {
      const semantics = listSemantics(schema);
      if (semantics.kind === 'atomic' || (isEmptyList(lhs) && isEmptyList(rhs))) leaf = true;
      else this.compareLists(asList(lhs), asList(rhs), schema);
    }
    if (root) return;
    if (leaf) {
      if (lhs === undefined) insertPath(this.added, this.path);
      else if (rhs === undefined) insertPath(this.removed, this.path);
      else if (!jsonEqual(lhs, rhs)) insertPath(this.modified, this.path);
      return;
    }
    if (lhs === undefined) insertPath(this.added, this.path);
    else if (rhs === undefined) insertPath(this.removed, this.path);
  }

  private compareMaps(
    lhs: Record<string, unknown> | undefined,
    rhs: Record<string, unknown> | undefined,
    schema: SchemaNode | undefined,
    ignore: IgnoreTrie | undefined,
    root: boolean,
  ): void {
    if (lhs) {
      for (const name in lhs) {
        if (!Object.prototype.hasOwnProperty.call(lhs, name)) continue;
        const lv = lhs[name];
        if (lv === undefined) continue;
        const rv = rhs && Object.prototype.hasOwnProperty.call(rhs, name) ? rhs[name] : undefined;
        this.compareField(name, lv, rv, schema, ignore, root);
      }
    }
    if (rhs) {
      for (const name in rhs) {
        if (!Object.prototype.hasOwnProperty.call(rhs, name)) continue;
        if (lhs && Object.prototype.hasOwnProperty.call(lhs, name) && lhs[name] !== undefined) continue;
        const rv = rhs[name];
        if (rv === undefined) continue;
        this.compareField(name, undefined, rv, schema, ignore, root);
      }
    }
  }

  private compareField(
    name: string,
    lv: unknown,
    rv: unknown,
    schema: SchemaNode | undefined,
    ignore: IgnoreTrie | undefined,
    root: boolean,
  ): void {
    if (lv === rv) return;
    const key = fieldKey(name);
    const ig = ignore ? descendIgnore(ignore, key) : undefined;
    if (ig?.skip) return;
    this.path.push(key);
    if (root && isRootMetadata(0, key)) {
      // The metadata element itself is stripped from ownership; its fields are not.
      this.compareMetadata(lv, rv, fieldSchema(schema, name).schema, ig?.next);
    } else {
      this.compare(lv, rv, fieldSchema(schema, name).schema, ig?.next);
    }
    this.path.pop();
  }

  private compareMetadata(
    lv: unknown,
    rv: unknown,
    schema: SchemaNode | undefined,
    ignore: IgnoreTrie | undefined,
  ): void {
    if ((lv === undefined || isObject(lv)) && (rv === undefined || isObject(rv))) {
      this.compareMaps(asMap(lv), asMap(rv), schema, ignore, false);
    } else {
      this.compare(lv, rv, schema, ignore);
    }
  }

  private compareLists(lhs: unknown[] | undefined, rhs: unknown[] | undefined, schema: SchemaNode | undefined): void {
    const semantics = listSemantics(schema);
    const itemSchema = schema?.items;
    const lItems = new Map<PathElementKey, unknown>();
    const order: PathElementKey[] = [];
    if (lhs) {
      for (const item of lhs) {
        const pe = listItemElement(semantics, itemSchema, item);
        if (lItems.has(pe)) continue;
        lItems.set(pe, item);
        order.push(pe);
      }
    }
    const rItems = new Map<PathElementKey, unknown>();
    if (rhs) {
      for (const item of rhs) {
        const pe = listItemElement(semantics, itemSchema, item);
        if (rItems.has(pe)) continue;
        rItems.set(pe, item);
        if (!lItems.has(pe)) order.push(pe);
      }
    }
    for (const pe of order) {
      this.path.push(pe);
      this.compare(lItems.get(pe), rItems.get(pe), itemSchema, undefined);
      this.path.pop();
    }
  }
}

function shapeOf(v: unknown, schema: SchemaNode | undefined): Shape {
  if (Array.isArray(v)) return 'list';
  if (isObject(v)) return 'map';
  if (v === null) {
    if (isListSchema(schema)) return 'list';
    if (isMapSchema(schema)) return 'map';
  }
  return 'leaf';
}

function isEmptyMap(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!isObject(v)) return false;
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined) return false;
  return true;
}

function isEmptyList(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function asMap(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}

function asList(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}
