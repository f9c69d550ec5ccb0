import type { SchemaNode } from '../schema/schema-node.js';
import type { PathElementKey } from './fields-v1.js';
import { descendIgnore, type IgnoreTrie } from './field-set.js';
import { fieldKey, fieldSchema, isAtomicMap, isObject, listItemElement, listSemantics } from './schema-walk.js';

/**
 * Merges an applied configuration into the live object as structured-merge-diff's
 * TypedValue.Merge does: leaves and atomic lists/maps take the applied value; granular maps merge
 * key by key; associative lists merge item by item (by key or value), keeping live-only items and
 * ordering shared items as the applied configuration does. A `null` applied to a leaf removes it.
 * Subtrees in `skip` (reset fields) keep their live value. Neither input is mutated; the result
 * shares unchanged subtrees with them. Throws `ListItemError` for unidentifiable list items.
 */
export function mergeApplied(
  live: unknown,
  applied: unknown,
  schema: SchemaNode | undefined,
  skip?: IgnoreTrie,
): unknown {
  return mergeValue(live, applied, schema, skip);
}

function mergeValue(lhs: unknown, rhs: unknown, schema: SchemaNode | undefined, skip: IgnoreTrie | undefined): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  if (isObject(rhs) || (rhs === null && isObject(lhs))) {
    if (!isObject(lhs) && lhs !== null) return rhs;
    if (isAtomicMap(schema)) return rhs;
    const l = lhs as Record<string, unknown> | null;
    const r = rhs as Record<string, unknown> | null;
    if (isEmpty(l) && isEmpty(r)) return rhs;
    if (r === null) return lhs;
    if (l === null) return rhs;
    return mergeMaps(l, r, schema, skip);
  }
  if (Array.isArray(rhs) || (rhs === null && Array.isArray(lhs))) {
    if (!Array.isArray(lhs) && lhs !== null) return rhs;
    const semantics = listSemantics(schema);
    if (semantics.kind === 'atomic') return rhs;
    const l = lhs as unknown[] | null;
    const r = rhs as unknown[] | null;
    if ((l === null || l.length === 0) && (r === null || r.length === 0)) return rhs;
    if (r === null) return lhs;
    if (l === null) return rhs;
    return mergeLists(l, r, schema);
  }
  return rhs;
}

function isEmpty(m: Record<string, unknown> | null): boolean {
  if (m === null) return true;
  for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k) && m[k] !== undefined) return false;
  return true;
}

function mergeMaps(
  lhs: Record<string, unknown>,
  rhs: Record<string, unknown>,
  schema: SchemaNode | undefined,
  skip: IgnoreTrie | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in lhs) {
    if (!Object.prototype.hasOwnProperty.call(lhs, name)) continue;
    const lv = lhs[name];
    if (lv === undefined) continue;
    const rv = Object.prototype.hasOwnProperty.call(rhs, name) ? rhs[name] : undefined;
    if (rv === undefined) {
      out[name] = lv;
      continue;
    }
    const ig = skip ? descendIgnore(skip, fieldKey(name)) : undefined;
    if (ig?.skip) {
      out[name] = lv;
      continue;
    }
    const merged = mergeValue(lv, rv, fieldSchema(schema, name).schema, ig?.next);
    if (merged !== null || isObject(lv) || Array.isArray(lv)) out[name] = merged;
  }
  for (const name in rhs) {
    if (!Object.prototype.hasOwnProperty.call(rhs, name)) continue;
    if (Object.prototype.hasOwnProperty.call(lhs, name) && lhs[name] !== undefined) continue;
    const rv = rhs[name];
    if (rv === undefined || rv === null) continue;
    const ig = skip ? descendIgnore(skip, fieldKey(name)) : undefined;
    if (ig?.skip) continue;
    out[name] = rv;
  }
  return out;
}

function mergeLists(lhs: unknown[], rhs: unknown[], schema: SchemaNode | undefined): unknown[] {
  const semantics = listSemantics(schema);
  const itemSchema = schema?.items;
  const lPEs: PathElementKey[] = [];
  const lItems = new Map<PathElementKey, unknown>();
  for (const item of lhs) {
    const pe = listItemElement(semantics, itemSchema, item);
    if (lItems.has(pe)) continue;
    lItems.set(pe, item);
    lPEs.push(pe);
  }
  const rPEs: PathElementKey[] = [];
  const rItems = new Map<PathElementKey, unknown>();
  for (const item of rhs) {
    const pe = listItemElement(semantics, itemSchema, item);
    if (rItems.has(pe)) continue;
    rItems.set(pe, item);
    rPEs.push(pe);
  }

  // Items present on both sides follow the applied order; live-only items keep their place
  // relative to the shared items around them.
  const shared = rPEs.filter((pe) => lItems.has(pe));
  let sharedAt = 0;
  let nextShared: PathElementKey | undefined = shared[sharedAt++];
  const advanceShared = (): void => {
    nextShared = sharedAt < shared.length ? shared[sharedAt++] : undefined;
  };
  const mergedFromRhs = new Set<PathElementKey>();
  const out: unknown[] = [];
  let li = 0;
  let ri = 0;
  while (li < lPEs.length || ri < rPEs.length) {
    if (li < lPEs.length && ri < rPEs.length) {
      const pe = lPEs[li];
      if (pe === rPEs[ri]) {
        mergedFromRhs.add(pe);
        out.push(mergeValue(lItems.get(pe), rItems.get(pe), itemSchema, undefined));
        li++;
        ri++;
        advanceShared();
        continue;
      }
      if (rItems.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lPEs.length) {
      const pe = lPEs[li];
      if (!rItems.has(pe)) {
        out.push(lItems.get(pe));
        li++;
        continue;
      }
      if (mergedFromRhs.has(pe)) {
        li++;
        continue;
      }
    }
    if (ri < rPEs.length) {
      const pe = rPEs[ri];
      mergedFromRhs.add(pe);
      out.push(mergeValue(lItems.get(pe), rItems.get(pe), itemSchema, undefined));
      ri++;
      if (nextShared === pe) advanceShared();
    } else {
      li++;
    }
  }
  return out;
}
