import { apiErrors, StatusError } from '../status.js';
import type { SchemaNode } from '../schema/schema-node.js';
import {
  cloneJson,
  goFormat,
  goJsonKind,
  goTypeName,
  isJsonObject,
  own,
  setOwn,
  type JsonObject,
} from './json-value.js';
import { unprocessablePatch } from './patch-errors.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

// apimachinery's mergepatch sentinel errors, answered with 400 by the API server.
const ERR_BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';
// ...and the one answered with 422.
const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';

/**
 * Applies a Kubernetes strategic merge patch (`application/strategic-merge-patch+json`) to
 * `original` and returns the patched object, following apimachinery's strategicpatch package
 * (the server side, `StrategicMergeMapPatch`):
 *
 * - maps merge recursively; `null` deletes a key; a scalar or a type change replaces;
 * - a list whose schema has `patchStrategy` containing `merge` is merged: lists of maps by the
 *   schema's `patchMergeKey` (e.g. containers by `name`, ports by `containerPort`), lists of
 *   scalars as sets (finalizers); any other list, and any list the schema does not describe, is
 *   replaced by the patch's list;
 * - directives: `$patch: replace` / `$patch: delete` in a map, list items
 *   `{"$patch": "delete", <mergeKey>: v}` and `{"$patch": "replace"}`, `$retainKeys`,
 *   `$setElementOrder/<field>` (patch items in that order, items only in the original keep their
 *   relative position), `$deleteFromPrimitiveList/<field>`;
 * - new items appended to a merged list without `$setElementOrder` go before the original ones,
 *   as apimachinery orders them;
 * - values the patch introduces lose their `null` members and directive keys (the typed decode
 *   in the API server drops them too).
 *
 * Fields the schema does not know merge like JSON merge patch maps. `schema` is the object's
 * resolved schema (walked along the data only); `undefined` means no strategy anywhere.
 *
 * Pure: neither input is mutated; `original` is deep-copied once and the result shares nothing
 * with the inputs. A `null` patch changes nothing.
 *
 * @throws StatusError 400 BadRequest when the body is not a JSON object or the patch is malformed
 *   (merge key missing from a list item, unknown `$patch` value, `$patch: merge` in a list, bad
 *   `$retainKeys`, `$setElementOrder` or `$deleteFromPrimitiveList` format, `$setElementOrder`
 *   order not matching the patch list), with apimachinery's text; 422 Invalid (generic message,
 *   library text as cause) for lists of lists. Note: kube-apiserver answers the errors that
 *   apimachinery does not classify (e.g. the missing merge key) with a bare 500; Capstan answers 400.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  schema: SchemaNode | undefined,
): JsonObject {
  const base: JsonObject = isJsonObject(original) ? cloneJson(original) : {};
  if (patch === null || patch === undefined) return base;
  if (!isJsonObject(patch)) {
    throw apiErrors.badRequest(
      `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  return mergeMap(base, patch, schema);
}

type Strategy = { merge: boolean; replace: boolean };

function malformed(message: string): StatusError {
  return apiErrors.badRequest(message);
}

function childSchema(schema: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!schema) return undefined;
  const prop =
    schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key)
      ? schema.properties[key]
      : undefined;
  if (prop) return prop;
  const extra = schema.additionalProperties;
  return typeof extra === 'object' ? extra : undefined;
}

function strategyOf(schema: SchemaNode | undefined): Strategy {
  const raw = schema?.patchStrategy;
  if (!raw) return { merge: false, replace: false };
  const parts = raw.split(',').map((s) => s.trim());
  return { merge: parts.includes('merge'), replace: parts.includes('replace') };
}

function badArgType(expected: string, actual: unknown): StatusError {
  return malformed(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function noMergeKey(item: JsonObject, mergeKey: string): StatusError {
  return malformed(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

// mergeMap merges `patch` into `original`, which is ours to mutate, and returns the merged map.
function mergeMap(original: JsonObject, patch: JsonObject, schema: SchemaNode | undefined): JsonObject {
  if (Object.prototype.hasOwnProperty.call(patch, DIRECTIVE)) return mapDirective(patch[DIRECTIVE], patch);

  applyRetainKeys(original, patch);
  const consumed = applySetElementOrder(original, patch, schema);

  for (const rawKey of Object.keys(patch)) {
    if (rawKey === RETAIN_KEYS || rawKey.startsWith(SET_ELEMENT_ORDER) || consumed?.has(rawKey)) continue;
    const patchValue = patch[rawKey];
    if (patchValue === undefined) continue;
    let key = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST, ERR_BAD_PRIMITIVE_LIST);
      isDeleteList = true;
    }

    if (patchValue === null) {
      delete original[key];
      continue;
    }

    const current = own(original, key);
    const bothMaps = isJsonObject(current) && isJsonObject(patchValue);
    const bothLists = Array.isArray(current) && Array.isArray(patchValue);
    if (current === undefined || (!bothMaps && !bothLists && (isContainer(current) || isContainer(patchValue)))) {
      // Absent in the original, or the type changes: take the patch value (not for a deletion list).
      if (!isDeleteList) setCleaned(original, key, patchValue);
      continue;
    }

    const sub = childSchema(schema, key);
    if (bothMaps) {
      const merged = strategyOf(sub).replace
        ? cleanMap(patchValue as JsonObject)
        : mergeMap(current as JsonObject, patchValue as JsonObject, sub);
      setOwn(original, key, merged);
    } else if (bothLists) {
      setOwn(original, key, mergeListField(current as unknown[], patchValue as unknown[], sub, key, isDeleteList));
    } else if (!isDeleteList) {
      setOwn(original, key, patchValue);
    }
  }
  return original;
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function mapDirective(directive: unknown, patch: JsonObject): JsonObject {
  // `replace`: the patch map itself, without the directive.
  if (directive === 'replace') return cleanMap(patch);
  if (directive === 'delete') return {};
  throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}

function extractKey(key: string, prefix: string, error: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw malformed(error);
  return key.slice(slash + 1);
}

// $retainKeys: keys of the original missing from the list are cleared; every non-null patch key must be listed.
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.prototype.hasOwnProperty.call(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw malformed(ERR_BAD_RETAIN_KEYS);
  const retained = new Set<unknown>(list);
  for (const key of Object.keys(patch)) {
    if (key === RETAIN_KEYS || patch[key] === null || patch[key] === undefined) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(key)) throw malformed(ERR_BAD_RETAIN_KEYS);
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

// $setElementOrder/<field>: merges the field's list (if patched) and enforces the order. Returns the
// list keys it consumed so the main loop skips them.
function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  schema: SchemaNode | undefined,
): Set<string> | undefined {
  let consumed: Set<string> | undefined;
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER, ERR_BAD_SET_ELEMENT_ORDER);

    const foundOriginal = Object.prototype.hasOwnProperty.call(original, key) && original[key] !== undefined;
    const foundPatch = Object.prototype.hasOwnProperty.call(patch, key) && patch[key] !== undefined;
    const originalList = foundOriginal ? original[key] : undefined;
    const patchList = foundPatch ? patch[key] : undefined;
    if (foundOriginal && !Array.isArray(originalList)) throw badArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
    const originalItems = (originalList as unknown[] | undefined) ?? [];
    const patchItems = (patchList as unknown[] | undefined) ?? [];

    const sub = childSchema(schema, key);
    const mergeKey = sub?.patchMergeKey ?? '';
    validatePatchWithSetOrderList(patchItems, order, mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalItems;
    else if (!foundOriginal && foundPatch) merged = cleanList(patchItems);
    else if (foundOriginal && foundPatch) merged = mergeListField(originalItems, patchItems, sub, key, false);
    else continue;

    (consumed ??= new Set()).add(key);
    if (merged.length === 0 && originalItems.length === 0 && patchItems.length === 0) {
      setOwn(original, key, merged);
      continue;
    }
    const kind = sliceElementKind(originalItems, patchItems);
    const [inOrder, serverOnly] = mergeKey ? partitionMaps(merged, order, mergeKey) : partitionScalars(merged, order);
    setOwn(original, key, normalizeElementOrder(inOrder, serverOnly, order, originalItems, mergeKey, kind));
  }
  return consumed;
}

// Every non-deleting patch item must appear in the $setElementOrder list, in the same relative order.
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) items = extractToDeleteItems(patchList)[0];
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isJsonObject(items[p]) && Object.prototype.hasOwnProperty.call(items[p], DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw malformed(
      `the order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) {
    if (isContainer(left) || isContainer(right)) throw malformed(`cannot compare list items without a merge key`);
    return left === right;
  }
  if (!isJsonObject(left)) throw badArgType('map[string]interface {}', left);
  if (!isJsonObject(right)) throw badArgType('map[string]interface {}', right);
  if (!Object.prototype.hasOwnProperty.call(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.prototype.hasOwnProperty.call(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

// mergeSliceHandler: deletion lists always go through mergeSlice; otherwise only `merge` lists do.
function mergeListField(
  original: unknown[],
  patch: unknown[],
  schema: SchemaNode | undefined,
  field: string,
  isDeleteList: boolean,
): unknown[] {
  if (strategyOf(schema).merge || isDeleteList) {
    return mergeSlice(original, patch, schema?.items, schema?.patchMergeKey ?? '', field, isDeleteList);
  }
  return cleanList(patch);
}

type ElementKind = 'map' | 'scalar';

// sliceElementType: all items of both lists must share one type, and not be lists.
function sliceElementKind(...lists: unknown[][]): ElementKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const t = Array.isArray(item) ? 'list' : isJsonObject(item) ? 'map' : item === null ? 'null' : typeof item;
      if (kind === undefined) {
        kind = t;
        if (t === 'list') throw unprocessablePatch(ERR_NO_LIST_OF_LISTS);
      } else if (kind !== t) {
        throw malformed(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (kind === undefined) throw malformed('no elements in any of the given slices');
  return kind === 'map' ? 'map' : 'scalar';
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemSchema: SchemaNode | undefined,
  mergeKey: string,
  field: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);

  let merged: unknown[];
  let serverOrder = original;
  let patchOrder = patch;
  if (kind === 'scalar') {
    if (isDeleteList) {
      const doomed = new Set(patch);
      return original.filter((v) => !doomed.has(v));
    }
    merged = dedupe(original, patch);
  } else {
    if (!mergeKey) throw malformed(`cannot merge lists without merge key for ${field}`);
    [serverOrder, patchOrder] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(serverOrder, patchOrder, mergeKey, itemSchema);
  }

  const [inPatch, serverOnly] = mergeKey
    ? partitionMaps(merged, patchOrder, mergeKey)
    : partitionScalars(merged, patchOrder);
  return normalizeElementOrder(inPatch, serverOnly, patchOrder, serverOrder, mergeKey, kind);
}

function dedupe(original: unknown[], patch: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const list of [original, patch]) {
    for (const v of list) {
      if (seen.has(v)) continue;
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

// Handles `$patch` list items: deletes by merge key, `replace` swaps the whole list for the plain items.
// Returns the (possibly shortened) original and the patch items without directives.
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  let remaining = original;
  for (const item of patch) {
    const map = item as JsonObject;
    if (!Object.prototype.hasOwnProperty.call(map, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = map[DIRECTIVE];
    if (directive === 'delete') {
      if (!Object.prototype.hasOwnProperty.call(map, mergeKey)) throw noMergeKey(map, mergeKey);
      const value = map[mergeKey];
      remaining = remaining.filter((entry, index) => {
        if (!isJsonObject(entry)) throw malformed(`value for key ${index} is not a map.`);
        return !(Object.prototype.hasOwnProperty.call(entry, mergeKey) && entry[mergeKey] === value);
      });
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw malformed('merging lists cannot yet be specified in the patch');
    } else {
      throw malformed(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(map)}`);
    }
  }
  if (replace) return [cleanList(plain), []];
  return [remaining, plain];
}

// Merges each patch item into the original item with the same merge key, or appends it.
function mergeSliceWithoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  itemSchema: SchemaNode | undefined,
): unknown[] {
  const merged = original.slice();
  for (const item of patch) {
    const map = item as JsonObject;
    if (!Object.prototype.hasOwnProperty.call(map, mergeKey)) throw noMergeKey(map, mergeKey);
    const value = map[mergeKey];
    const index = findByMergeKey(merged, mergeKey, value);
    if (index >= 0) merged[index] = mergeMap(merged[index] as JsonObject, map, itemSchema);
    else {
      const [cleaned, keep] = clean(map);
      if (keep) merged.push(cleaned);
    }
  }
  return merged;
}

function findByMergeKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (!isJsonObject(entry)) throw malformed(`value for key ${i} is not a map.`);
    if (Object.prototype.hasOwnProperty.call(entry, mergeKey) && entry[mergeKey] === value) return i;
  }
  return -1;
}

function partitionScalars(list: unknown[], by: unknown[]): [unknown[], unknown[]] {
  for (const v of by) if (isContainer(v)) throw malformed('cannot partition list items without a merge key');
  const members = new Set(by);
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) {
    if (isContainer(v)) throw malformed('cannot partition list items without a merge key');
    (members.has(v) ? inBy : rest).push(v);
  }
  return [inBy, rest];
}

function partitionMaps(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const members = new Set<unknown>();
  for (let i = 0; i < by.length; i++) {
    const entry = by[i];
    if (!isJsonObject(entry)) throw malformed(`value for key ${i} is not a map.`);
    if (Object.prototype.hasOwnProperty.call(entry, mergeKey)) members.add(entry[mergeKey]);
  }
  const inBy: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of list) {
    if (!isJsonObject(v)) throw badArgType('map[string]interface {}', v);
    if (!Object.prototype.hasOwnProperty.call(v, mergeKey)) throw noMergeKey(v, mergeKey);
    (members.has(v[mergeKey]) ? inBy : rest).push(v);
  }
  return [inBy, rest];
}

// Sorts the patch items by `patchOrder` and the server-only items by `serverOrder`, then interleaves
// them: a server-only item goes before a patch item only when both are in `serverOrder` and it comes
// first there (so items new to the list lead the remaining server-only ones).
function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const sortedPatch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const serverIndex = indexOf(serverOrder, mergeKey, kind);
  const out: unknown[] = new Array(sortedPatch.length + sortedServer.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    if (i >= sortedServer.length) out[k] = sortedPatch[j++];
    else if (j >= sortedPatch.length) out[k] = sortedServer[i++];
    else {
      const li = serverIndex(sortedServer[i]);
      const ri = serverIndex(sortedPatch[j]);
      if (li >= 0 && ri >= 0 && li < ri) out[k] = sortedServer[i++];
      else out[k] = sortedPatch[j++];
    }
  }
  return out;
}

function normalizeSliceOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let toSort = items;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    for (const list of [items, order]) {
      for (const entry of list) {
        if (!isJsonObject(entry)) throw badArgType('map[string]interface {}', entry);
        if (!Object.prototype.hasOwnProperty.call(entry, mergeKey)) throw noMergeKey(entry, mergeKey);
      }
    }
    [toSort, toDelete] = extractToDeleteItems(items);
  }
  const position = indexOf(order, mergeKey, kind);
  // Stable sort by position in `order`; items absent from it keep their place after the known ones.
  const keyed = toSort.map((item, i) => ({ item, i, p: position(item) }));
  keyed.sort((a, b) => {
    if (a.p >= 0 && b.p >= 0) return a.p - b.p || a.i - b.i;
    if (a.p >= 0) return -1;
    if (b.p >= 0) return 1;
    return a.i - b.i;
  });
  const sorted = keyed.map((k) => k.item);
  return toDelete.length ? sorted.concat(toDelete) : sorted;
}

function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const doomed: unknown[] = [];
  for (const item of list) {
    if (!isJsonObject(item)) throw badArgType('map[string]interface {}', item);
    (item[DIRECTIVE] === 'delete' ? doomed : keep).push(item);
  }
  return [keep, doomed];
}

// A lookup of an item's first position in `list`, by merge-key value for maps, by value for scalars.
function indexOf(list: unknown[], mergeKey: string, kind: ElementKind): (item: unknown) => number {
  const valueOf = (item: unknown): unknown =>
    kind === 'map' ? (isJsonObject(item) ? item[mergeKey] : undefined) : item;
  const positions = new Map<unknown, number>();
  for (let i = list.length - 1; i >= 0; i--) positions.set(valueOf(list[i]) ?? null, i);
  return (item) => positions.get(valueOf(item) ?? null) ?? -1;
}

// A fresh copy of a value the patch introduces: maps carrying `$patch` are dropped (keep=false),
// `null` map members and directive keys are removed, list items are cleaned the same way.
function clean(value: unknown): [unknown, boolean] {
  if (Array.isArray(value)) return [cleanList(value), true];
  if (!isJsonObject(value)) return [value, true];
  if (Object.prototype.hasOwnProperty.call(value, DIRECTIVE)) return [undefined, false];
  return [cleanMap(value), true];
}

function cleanMap(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === null || v === undefined || isDirectiveKey(key)) continue;
    const [cleaned, keep] = clean(v);
    if (keep) setOwn(out, key, cleaned);
  }
  return out;
}

function cleanList(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of list) {
    const [cleaned, keep] = clean(item);
    if (keep) out.push(cleaned);
  }
  return out;
}

function isDirectiveKey(key: string): boolean {
  return (
    key === DIRECTIVE ||
    key === RETAIN_KEYS ||
    key.startsWith(`${SET_ELEMENT_ORDER}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)
  );
}

function setCleaned(target: JsonObject, key: string, value: unknown): void {
  const [cleaned, keep] = clean(value);
  if (keep) setOwn(target, key, cleaned);
  else delete target[key];
}
