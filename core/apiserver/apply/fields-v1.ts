/**
 * Field sets in the FieldsV1 wire format of `metadata.managedFields[].fieldsV1`, as
 * structured-merge-diff defines it.
 *
 * A set is a trie of path elements. Each element is kept in its serialized FieldsV1 form:
 * `f:<name>` (a field of a map or struct), `k:<json>` (an associative-list item by its key fields,
 * compact JSON with the key names sorted), `v:<json>` (a set item by its value) and `i:<n>` (a list
 * index, never produced for atomic or associative lists but accepted). A node is a *member* when the
 * path that leads to it is itself in the set; in FieldsV1 a member with children carries `".": {}`.
 */

/** One path element in its FieldsV1 form (`f:spec`, `k:{"name":"web"}`, `v:"a"`, `i:0`). */
export type PathElementKey = string;

/** A path from the object root: a sequence of FieldsV1 path elements. */
export type FieldPath = readonly PathElementKey[];

/** A node of a field set. Sets are values: the operations below never mutate their inputs. */
export interface FieldSet {
  /** Whether the path leading to this node is in the set. */
  member: boolean;
  /** Child elements; absent or empty when there are none. */
  children?: Map<PathElementKey, FieldSet>;
}

/** A new empty set. */
export function emptyFieldSet(): FieldSet {
  return { member: false };
}

/** True when the set holds no path at all. */
export function isEmpty(set: FieldSet | undefined): boolean {
  if (!set) return true;
  if (set.member) return false;
  if (!set.children) return true;
  for (const child of set.children.values()) if (!isEmpty(child)) return false;
  return true;
}

/** Adds `path` to `set` in place (for builders that own the set). The root path cannot be a member. */
export function insertPath(set: FieldSet, path: FieldPath): void {
  if (path.length === 0) return;
  let node = set;
  for (const key of path) {
    node.children ??= new Map();
    let next = node.children.get(key);
    if (!next) {
      next = { member: false };
      node.children.set(key, next);
    }
    node = next;
  }
  node.member = true;
}

/** True when `path` is a member of `set`. */
export function hasPath(set: FieldSet, path: FieldPath): boolean {
  let node: FieldSet | undefined = set;
  for (const key of path) {
    node = node.children?.get(key);
    if (!node) return false;
  }
  return path.length > 0 && node.member;
}

/** The node reached by `path`, if any (its members are the paths of `set` under `path`). */
export function subset(set: FieldSet, path: FieldPath): FieldSet | undefined {
  let node: FieldSet | undefined = set;
  for (const key of path) {
    node = node.children?.get(key);
    if (!node) return undefined;
  }
  return node;
}

/** Deep copy. */
export function cloneFieldSet(set: FieldSet): FieldSet {
  const out: FieldSet = { member: set.member };
  if (set.children && set.children.size > 0) {
    out.children = new Map();
    for (const [k, v] of set.children) out.children.set(k, cloneFieldSet(v));
  }
  return out;
}

function withChildren(member: boolean, children: Map<PathElementKey, FieldSet> | undefined): FieldSet | undefined {
  if (children && children.size === 0) children = undefined;
  if (!member && !children) return undefined;
  return children ? { member, children } : { member };
}

/** Every path in `a` or `b`. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  return unionNode(a, b) ?? emptyFieldSet();
}

function unionNode(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a || isEmpty(a)) return b && !isEmpty(b) ? b : undefined;
  if (!b || isEmpty(b)) return a;
  let changed = b.member && !a.member;
  let children: Map<PathElementKey, FieldSet> | undefined;
  if (a.children || b.children) {
    children = new Map();
    if (a.children) {
      for (const [k, av] of a.children) {
        const merged = unionNode(av, b.children?.get(k));
        if (merged !== av) changed = true;
        if (merged) children.set(k, merged);
      }
    }
    if (b.children) {
      for (const [k, bv] of b.children) {
        if (a.children?.has(k)) continue;
        if (!isEmpty(bv)) {
          children.set(k, bv);
          changed = true;
        }
      }
    }
  }
  if (!changed) return a;
  return withChildren(a.member || b.member, children);
}

/** Paths of `a` that are not paths of `b` (members only: children of a removed member stay). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return differenceNode(a, b) ?? emptyFieldSet();
}

function differenceNode(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a) return undefined;
  if (!b) return isEmpty(a) ? undefined : a;
  let changed = a.member && b.member;
  let children: Map<PathElementKey, FieldSet> | undefined;
  if (a.children) {
    children = new Map();
    for (const [k, av] of a.children) {
      const bv = b.children?.get(k);
      const d = bv ? differenceNode(av, bv) : isEmpty(av) ? undefined : av;
      if (d !== av) changed = true;
      if (d) children.set(k, d);
    }
  }
  if (!changed) return a;
  return withChildren(a.member && !b.member, children);
}

/** Paths of `a` that are neither members of `b` nor below a member of `b` (whole subtrees go). */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  return recursiveDifferenceNode(a, b) ?? emptyFieldSet();
}

function recursiveDifferenceNode(a: FieldSet | undefined, b: FieldSet | undefined, root = true): FieldSet | undefined {
  if (!a) return undefined;
  if (!b) return isEmpty(a) ? undefined : a;
  if (!root && b.member) return undefined;
  let children: Map<PathElementKey, FieldSet> | undefined;
  if (a.children) {
    children = new Map();
    for (const [k, av] of a.children) {
      const bv = b.children?.get(k);
      const d = bv ? recursiveDifferenceNode(av, bv, false) : isEmpty(av) ? undefined : av;
      if (d) children.set(k, d);
    }
  }
  return withChildren(a.member, children);
}

/** Paths in both `a` and `b`. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return intersectionNode(a, b) ?? emptyFieldSet();
}

function intersectionNode(a: FieldSet | undefined, b: FieldSet | undefined): FieldSet | undefined {
  if (!a || !b) return undefined;
  let children: Map<PathElementKey, FieldSet> | undefined;
  if (a.children && b.children) {
    children = new Map();
    const [small, large] = a.children.size <= b.children.size ? [a.children, b.children] : [b.children, a.children];
    for (const [k, sv] of small) {
      const lv = large.get(k);
      if (!lv) continue;
      const i = intersectionNode(sv, lv);
      if (i) children.set(k, i);
    }
  }
  return withChildren(a.member && b.member, children);
}

/** True when both sets hold exactly the same paths. */
export function fieldSetEquals(a: FieldSet, b: FieldSet): boolean {
  if (a.member !== b.member) return false;
  const ac = a.children;
  const bc = b.children;
  let aCount = 0;
  if (ac) {
    for (const [k, av] of ac) {
      if (isEmpty(av)) continue;
      aCount++;
      const bv = bc?.get(k);
      if (!bv || !fieldSetEquals(av, bv)) return false;
    }
  }
  let bCount = 0;
  if (bc) for (const bv of bc.values()) if (!isEmpty(bv)) bCount++;
  return aCount === bCount;
}

// ---- path element helpers -------------------------------------------------------------------

/** `f:<name>`. */
export function fieldElement(name: string): PathElementKey {
  return 'f:' + name;
}

/**
 * `k:<json>` for an associative-list item: the key fields as compact JSON object, names sorted as
 * structured-merge-diff sorts them.
 */
export function keyElement(fields: ReadonlyArray<readonly [string, unknown]>): PathElementKey {
  const sorted = fields.length > 1 ? [...fields].sort((x, y) => compareStrings(x[0], y[0])) : fields;
  let s = 'k:{';
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) s += ',';
    s += goJson(sorted[i][0]) + ':' + goJson(sorted[i][1]);
  }
  return s + '}';
}

/** `v:<json>` for an item of a set-type list. */
export function valueElement(value: unknown): PathElementKey {
  return 'v:' + goJson(value);
}

/** `i:<n>` for a list index. */
export function indexElement(index: number): PathElementKey {
  return 'i:' + index;
}

/**
 * JSON as Go's encoder writes it (HTML-safe escapes for `<`, `>`, `&`, U+2028 and U+2029; object
 * keys sorted), which is what structured-merge-diff uses for `k:` and `v:` elements.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return escapeHtmlJson(JSON.stringify(value));
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map(goJson).join(',') + ']';
      const keys = Object.keys(value).sort(compareStrings);
      return '{' + keys.map((k) => goJson(k) + ':' + goJson((value as Record<string, unknown>)[k])).join(',') + '}';
    }
    default:
      return 'null';
  }
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/;

function escapeHtmlJson(s: string): string {
  if (!HTML_UNSAFE.test(s)) return s;
  return s
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders values as structured-merge-diff's value.Compare: numbers, strings, booleans, lists, maps, null. */
function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < la.length && i < lb.length; i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return la.length - lb.length;
    }
    case 4: {
      const ka = Object.keys(a as object).sort(compareStrings);
      const kb = Object.keys(b as object).sort(compareStrings);
      for (let i = 0; i < ka.length && i < kb.length; i++) {
        const c = compareStrings(ka[i], kb[i]);
        if (c !== 0) return c;
        const v = compareValues((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]]);
        if (v !== 0) return v;
      }
      return ka.length - kb.length;
    }
    default:
      return 0;
  }
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null && typeof v === 'object') return 4;
  return 5;
}

const KIND_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** Orders path elements as structured-merge-diff does: fields, then keys, then values, then indices. */
export function comparePathElements(a: PathElementKey, b: PathElementKey): number {
  const ka = KIND_RANK[a[0]] ?? 4;
  const kb = KIND_RANK[b[0]] ?? 4;
  if (ka !== kb) return ka - kb;
  switch (a[0]) {
    case 'f':
      return compareStrings(a, b);
    case 'k': {
      const fa = parsedElement(a) as Record<string, unknown> | undefined;
      const fb = parsedElement(b) as Record<string, unknown> | undefined;
      if (!fa || !fb) return compareStrings(a, b);
      const na = Object.keys(fa).sort(compareStrings);
      const nb = Object.keys(fb).sort(compareStrings);
      for (let i = 0; i < na.length && i < nb.length; i++) {
        const c = compareStrings(na[i], nb[i]);
        if (c !== 0) return c;
        const v = compareValues(fa[na[i]], fb[nb[i]]);
        if (v !== 0) return v;
      }
      return na.length - nb.length;
    }
    case 'v':
      return compareValues(parsedElement(a), parsedElement(b));
    case 'i':
      return Number(a.slice(2)) - Number(b.slice(2));
    default:
      return compareStrings(a, b);
  }
}

const PARSE_CACHE_LIMIT = 20000;
const parsedElements = new Map<string, unknown>();

/** The JSON part of a `k:`/`v:` element, parsed (cached: elements repeat across requests). */
function parsedElement(el: PathElementKey): unknown {
  let v = parsedElements.get(el);
  if (v === undefined && !parsedElements.has(el)) {
    v = parseJson(el.slice(2));
    if (parsedElements.size >= PARSE_CACHE_LIMIT) parsedElements.clear();
    parsedElements.set(el, v);
  }
  return v;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sortedChildren(set: FieldSet): Array<[PathElementKey, FieldSet]> {
  if (!set.children) return [];
  const entries = [...set.children].filter(([, v]) => !isEmpty(v));
  if (entries.length > 1) entries.sort((x, y) => comparePathElements(x[0], y[0]));
  return entries;
}

// ---- FieldsV1 encoding ----------------------------------------------------------------------

/** A FieldsV1 document: `{"f:spec": {"f:replicas": {}}}`. */
export type FieldsV1 = { [element: string]: FieldsV1 };

/** Encodes a set as FieldsV1, with elements in structured-merge-diff's order (`.` first). */
export function encodeFieldsV1(set: FieldSet): FieldsV1 {
  const cached = canonicalDocs.get(set);
  if (cached) return cached;
  return encodeNode(set, false);
}

/**
 * Decoded sets whose source document was already canonical, mapped to that document, so that an
 * unchanged set is re-encoded for free. Sets are values (never mutated once built), so this is safe.
 */
const canonicalDocs = new WeakMap<FieldSet, FieldsV1>();

function encodeNode(set: FieldSet, includeSelf: boolean): FieldsV1 {
  const out: FieldsV1 = {};
  const children = sortedChildren(set);
  if (includeSelf && set.member && children.length > 0) out['.'] = {};
  for (const [k, v] of children) out[k] = encodeNode(v, true);
  return out;
}

/** Error thrown by {@link decodeFieldsV1} when the document is not a FieldsV1 set. */
export class FieldsV1Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldsV1Error';
  }
}

/**
 * Decodes a FieldsV1 document (an object, or its JSON text). Throws {@link FieldsV1Error} when it is
 * malformed (not an object, or an element with an unknown prefix). `k:` elements are re-encoded in
 * canonical form so that equal keys compare equal.
 */
export function decodeFieldsV1(doc: unknown): FieldSet {
  if (typeof doc === 'string') {
    const parsed = parseJson(doc);
    if (parsed === undefined) throw new FieldsV1Error('invalid FieldsV1 JSON');
    doc = parsed;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FieldsV1Error('FieldsV1 must be a JSON object');
  }
  const state = { canonical: true };
  const set = decodeNode(doc as Record<string, unknown>, false, state);
  if (state.canonical) canonicalDocs.set(set, doc as FieldsV1);
  return set;
}

function decodeNode(doc: Record<string, unknown>, isMemberCandidate: boolean, state: { canonical: boolean }): FieldSet {
  const node: FieldSet = { member: false };
  let childCount = 0;
  let previous: PathElementKey | undefined;
  let index = 0;
  for (const rawKey of Object.keys(doc)) {
    const value = doc[rawKey];
    if (rawKey === '.') {
      node.member = true;
      if (index !== 0 || !isMemberCandidate) state.canonical = false;
      index++;
      continue;
    }
    index++;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new FieldsV1Error(`FieldsV1 element ${JSON.stringify(rawKey)} must map to an object`);
    }
    const key = canonicalElement(rawKey);
    if (state.canonical) {
      if (key !== rawKey || (previous !== undefined && comparePathElements(previous, key) >= 0)) {
        state.canonical = false;
      }
      previous = key;
    }
    node.children ??= new Map();
    node.children.set(key, decodeNode(value as Record<string, unknown>, true, state));
    childCount++;
  }
  if (isMemberCandidate && childCount === 0) node.member = true;
  if (node.member && childCount === 0 && index > 0) state.canonical = false;
  return node;
}

const canonicalElements = new Map<string, PathElementKey>();

function canonicalElement(raw: string): PathElementKey {
  if (raw.charCodeAt(0) === 102 /* f */ && raw.charCodeAt(1) === 58 /* : */) return raw;
  let canonical = canonicalElements.get(raw);
  if (canonical === undefined) {
    canonical = canonicalElementUncached(raw);
    if (canonicalElements.size >= PARSE_CACHE_LIMIT) canonicalElements.clear();
    canonicalElements.set(raw, canonical);
  }
  return canonical;
}

function canonicalElementUncached(raw: string): PathElementKey {
  const prefix = raw.slice(0, 2);
  switch (prefix) {
    case 'f:':
      return raw;
    case 'k:': {
      const parsed = parseJson(raw.slice(2));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new FieldsV1Error(`invalid key element ${JSON.stringify(raw)}`);
      }
      return keyElement(Object.entries(parsed as Record<string, unknown>));
    }
    case 'v:': {
      const text = raw.slice(2);
      const parsed = parseJson(text);
      if (parsed === undefined) throw new FieldsV1Error(`invalid value element ${JSON.stringify(raw)}`);
      return valueElement(parsed);
    }
    case 'i:':
      if (!/^i:\d+$/.test(raw)) throw new FieldsV1Error(`invalid index element ${JSON.stringify(raw)}`);
      return raw;
    default:
      throw new FieldsV1Error(`unknown FieldsV1 element ${JSON.stringify(raw)}`);
  }
}

// ---- paths as text --------------------------------------------------------------------------

/**
 * Every member path, in structured-merge-diff's iteration order: at each level the members first
 * (sorted), then the sub-trees (sorted).
 */
export function listPaths(set: FieldSet): FieldPath[] {
  const out: FieldPath[] = [];
  collectPaths(set, [], out);
  return out;
}

function collectPaths(set: FieldSet, prefix: PathElementKey[], out: FieldPath[]): void {
  const children = sortedChildren(set);
  for (const [k, v] of children) if (v.member) out.push([...prefix, k]);
  for (const [k, v] of children) {
    if (!v.children || v.children.size === 0) continue;
    prefix.push(k);
    collectPaths(v, prefix, out);
    prefix.pop();
  }
}

/**
 * A path as structured-merge-diff prints it in conflict messages:
 * `.spec.template.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`, `[0]`.
 */
export function pathToString(path: FieldPath): string {
  let s = '';
  for (const el of path) s += elementToString(el);
  return s;
}

function elementToString(el: PathElementKey): string {
  switch (el.slice(0, 2)) {
    case 'f:':
      return '.' + el.slice(2);
    case 'k:': {
      const fields = parseJson(el.slice(2)) as Record<string, unknown> | undefined;
      if (!fields) return '{{invalid path element}}';
      const parts = Object.keys(fields)
        .sort(compareStrings)
        .map((k) => `${k}=${valueToString(fields[k])}`);
      return '[' + parts.join(',') + ']';
    }
    case 'v:':
      return '[=' + valueToString(parseJson(el.slice(2))) + ']';
    case 'i:':
      return '[' + el.slice(2) + ']';
    default:
      return '{{invalid path element}}';
  }
}

function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(valueToString).join(',') + ']';
  return Object.keys(v as object)
    .sort(compareStrings)
    .map((k) => `${k}=${valueToString((v as Record<string, unknown>)[k])}`)
    .join('');
}
