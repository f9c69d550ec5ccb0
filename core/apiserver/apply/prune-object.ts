import type { SchemaNode } from '../schema/schema-node.js';
import type { FieldSet } from './fields-v1.js';
import { fieldSchema, isObject, listItemElement, listSemantics } from './schema-walk.js';

/**
 * Removes from `merged` what an applier stopped applying, as structured-merge-diff's prune does: a
 * field, map entry or list item is removed (with everything below it) when it was in the applier's
 * previous set `last` and is not in `managed` (the union of every manager's set, including the
 * applier's new one). Declared struct fields count as owned when something below them is owned.
 * Maps and lists emptied by the removal are dropped. Returns `merged` itself when nothing is
 * removed; never mutates it. Throws `ListItemError` for unidentifiable list items.
 */
export function pruneObject(
  merged: unknown,
  last: FieldSet,
  managed: FieldSet,
  schema: SchemaNode | undefined,
): unknown {
  return pruneValue(merged, last, managed, schema);
}

function hasChildren(s: FieldSet | undefined): boolean {
  return !!s?.children && s.children.size > 0;
}

function pruneValue(
  value: unknown,
  last: FieldSet,
  managed: FieldSet | undefined,
  schema: SchemaNode | undefined,
): unknown {
  if (!last.children || last.children.size === 0) return value;
  if (isObject(value)) return pruneMap(value, last, managed, schema);
  if (Array.isArray(value)) return pruneList(value, last, managed, schema);
  return value;
}

function pruneMap(
  obj: Record<string, unknown>,
  last: FieldSet,
  managed: FieldSet | undefined,
  schema: SchemaNode | undefined,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, lastChild] of last.children!) {
    if (!key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (!Object.prototype.hasOwnProperty.call(obj, name) || obj[name] === undefined) continue;
    const fs = fieldSchema(schema, name);
    const managedChild = managed?.children?.get(key);
    const lastOwns = lastChild.member || (fs.declared && hasChildren(lastChild));
    const stillOwned = !!managedChild && (managedChild.member || (fs.declared && hasChildren(managedChild)));
    if (lastOwns && !stillOwned) {
      out ??= { ...obj };
      delete out[name];
      continue;
    }
    if (!hasChildren(lastChild)) continue;
    const before = obj[name];
    const after = pruneValue(before, lastChild, managedChild, fs.schema);
    if (after === before) continue;
    out ??= { ...obj };
    if (isEmptyContainer(after)) delete out[name];
    else out[name] = after;
  }
  return out ?? obj;
}

function pruneList(
  list: unknown[],
  last: FieldSet,
  managed: FieldSet | undefined,
  schema: SchemaNode | undefined,
): unknown[] {
  const semantics = listSemantics(schema);
  if (semantics.kind === 'atomic') return list;
  const itemSchema = schema?.items;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const pe = listItemElement(semantics, itemSchema, item);
    const lastChild = last.children!.get(pe);
    let next = item;
    if (lastChild) {
      const managedChild = managed?.children?.get(pe);
      if (lastChild.member && !managedChild?.member) {
        out ??= list.slice(0, i);
        continue;
      }
      next = pruneValue(item, lastChild, managedChild, itemSchema);
    }
    if (out) out.push(next);
    else if (next !== item) {
      out = list.slice(0, i);
      out.push(next);
    }
  }
  return out ?? list;
}

function isEmptyContainer(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}
