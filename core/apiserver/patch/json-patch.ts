import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { apiErrors, StatusError } from '../status.js';
import { cloneJson, goJsonKind, isJsonObject, type JsonObject } from './json-value.js';
import { unprocessablePatch } from './patch-errors.js';
import { strictDecoding, type PatchBodyOptions } from './patch-options.js';

/** The most operations the API server accepts in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** One RFC 6902 operation as sent by clients. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

/**
 * Applies an RFC 6902 JSON patch (`application/json-patch+json`) to `target` and returns the
 * patched document, as the API server does with evanphx/json-patch v4: operations run in order,
 * array indexes may be negative (counted from the end), `add`/`replace` without a value write
 * `null`, and a `test` for `null` also passes when the member is absent.
 *
 * Pure: neither argument is mutated; the result shares no structure with them (the target and
 * the operation values are each deep-copied once).
 *
 * @param ops the decoded request body; anything but an array of operation objects is rejected.
 * @throws StatusError 400 BadRequest when the body is not an array of operations (client-node
 *   sends objects under this content type), with the apiserver's decode text;
 *   413 RequestEntityTooLarge above {@link MAX_JSON_PATCH_OPERATIONS} operations;
 *   422 Invalid when an operation cannot be applied (failed `test`, missing path, bad index), with
 *   message `the server rejected our request due to an error in our request` and json-patch's own
 *   text as the `UnexpectedServerResponse` cause.
 */
export function applyJsonPatch(target: unknown, ops: unknown, options?: PatchBodyOptions): unknown {
  const operations = decodeOperations(ops, options);
  let doc = cloneJson(target);
  for (let i = 0; i < operations.length; i++) doc = applyOne(doc, operations[i], i);
  return doc;
}

/**
 * Checks the shape of a json-patch request body without applying it.
 *
 * @returns the operations with values deep-copied (safe to insert into a document).
 * @throws StatusError 400 or 413 exactly as {@link applyJsonPatch} does for the body's shape.
 */
export function decodeJsonPatch(ops: unknown, options?: PatchBodyOptions): JsonPatchOperation[] {
  return decodeOperations(ops, options);
}

function decodeOperations(ops: unknown, options: PatchBodyOptions | undefined): JsonPatchOperation[] {
  const strict = strictDecoding(options);
  if (ops === null || ops === undefined) return [];
  if (!Array.isArray(ops)) {
    throw apiErrors.badRequest(
      strict
        ? `error decoding patch: json: cannot unmarshal ${goJsonKind(ops)} into Go value of type []handlers.jsonPatchOp`
        : `json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`,
    );
  }
  const out: JsonPatchOperation[] = new Array(ops.length);
  for (let i = 0; i < ops.length; i++) {
    const raw = ops[i];
    if (raw !== null && !isJsonObject(raw)) {
      throw apiErrors.badRequest(
        strict
          ? `error decoding patch: json: cannot unmarshal ${goJsonKind(raw)} into Go value of type handlers.jsonPatchOp`
          : `json: cannot unmarshal ${goJsonKind(raw)} into Go value of type jsonpatch.Operation`,
      );
    }
    const op = (raw ?? {}) as JsonObject;
    if (strict) {
      for (const field of ['op', 'path', 'from'] as const) {
        const v = op[field];
        if (v !== undefined && v !== null && typeof v !== 'string') {
          throw apiErrors.badRequest(
            `error decoding patch: json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${field} of type string`,
          );
        }
      }
    }
    const decoded: JsonPatchOperation = {
      op: typeof op.op === 'string' ? op.op : 'unknown',
      path: op.path as string,
    };
    if (typeof op.from === 'string') decoded.from = op.from;
    if ('value' in op && op.value !== undefined) decoded.value = cloneJson(op.value);
    out[i] = decoded;
  }
  if (out.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new StatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${out.length}`,
    );
  }
  return out;
}

type Container = JsonObject | unknown[];

/** Where a JSON pointer lands: the parent container, the decoded last token, the canonical path. */
interface Location {
  container: Container;
  key: string;
  /** The pointer rewritten with resolved (non-negative) array indexes, for fast-json-patch. */
  parentPointer: string;
}

type Lookup = { ok: true; value: unknown; token: string } | { ok: false; missing: boolean; error: string };

function applyOne(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  switch (op.op) {
    case 'add':
      return opAdd(doc, op, index);
    case 'remove':
      return opRemove(doc, op, index);
    case 'replace':
      return opReplace(doc, op, index);
    case 'move':
      return opMove(doc, op, index);
    case 'copy':
      return opCopy(doc, op, index);
    case 'test':
      opTest(doc, op);
      return doc;
    default:
      throw unprocessablePatch(`Unexpected kind: ${op.op}`);
  }
}

function requirePath(op: JsonPatchOperation, wrapped: boolean): string {
  if (typeof op.path === 'string') return op.path;
  const cause = wrapped ? 'operation missing path field: missing value' : 'missing value';
  throw unprocessablePatch(`${op.op} operation failed to decode path: ${cause}`);
}

function requireFrom(op: JsonPatchOperation): string {
  if (typeof op.from === 'string') return op.from;
  throw unprocessablePatch(`${op.op} operation failed to decode from: operation, missing from field: missing value`);
}

function opAdd(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  const path = requirePath(op, false);
  const loc = findObject(doc, path);
  if (!loc) throw unprocessablePatch(`add operation does not apply: doc is missing path: "${path}": missing value`);
  const token = addToken(loc, (e) => `error in add for path: '${path}': ${e}`);
  return run(doc, { op: 'add', path: `${loc.parentPointer}/${token}`, value: op.value ?? null }, index);
}

function opRemove(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  const path = requirePath(op, false);
  const loc = findObject(doc, path);
  if (!loc) throw unprocessablePatch(`remove operation does not apply: doc is missing path: "${path}": missing value`);
  const found = lookup(loc.container, loc.key, true);
  if (!found.ok) throw unprocessablePatch(`error in remove for path: '${path}': ${found.error}`);
  return run(doc, { op: 'remove', path: `${loc.parentPointer}/${found.token}` }, index);
}

function opReplace(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  const path = requirePath(op, true);
  if (path === '') {
    // evanphx replaces the whole document only with an object or array; anything else is ignored.
    return op.value !== null && typeof op.value === 'object' ? op.value : doc;
  }
  const loc = findObject(doc, path);
  if (!loc) throw unprocessablePatch(`replace operation does not apply: doc is missing path: ${path}: missing value`);
  const found = lookup(loc.container, loc.key, false);
  if (!found.ok)
    throw unprocessablePatch(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  return run(doc, { op: 'replace', path: `${loc.parentPointer}/${found.token}`, value: op.value ?? null }, index);
}

function opMove(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  const from = requireFrom(op);
  const src = findObject(doc, from);
  if (!src) throw unprocessablePatch(`move operation does not apply: doc is missing from path: ${from}: missing value`);
  const found = lookup(src.container, src.key, false);
  if (!found.ok) throw unprocessablePatch(`error in move for path: '${src.key}': ${found.error}`);
  doc = run(doc, { op: 'remove', path: `${src.parentPointer}/${found.token}` }, index);
  const path = requirePath(op, true);
  const dst = findObject(doc, path);
  if (!dst)
    throw unprocessablePatch(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
  const token = addToken(dst, (e) => `error in move for path: '${path}': ${e}`);
  return run(doc, { op: 'add', path: `${dst.parentPointer}/${token}`, value: found.value }, index);
}

function opCopy(doc: unknown, op: JsonPatchOperation, index: number): unknown {
  const from = requireFrom(op);
  const src = findObject(doc, from);
  if (!src) throw unprocessablePatch(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
  const found = lookup(src.container, src.key, false);
  if (!found.ok) throw unprocessablePatch(`error in copy for from: '${from}': ${found.error}`);
  const path = requirePath(op, false);
  const dst = findObject(doc, path);
  if (!dst)
    throw unprocessablePatch(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
  const token = addToken(dst, (e) => `error while adding value during copy: ${e}`);
  return run(doc, { op: 'add', path: `${dst.parentPointer}/${token}`, value: cloneJson(found.value) }, index);
}

function opTest(doc: unknown, op: JsonPatchOperation): void {
  const path = requirePath(op, true);
  const failed = () => unprocessablePatch(`testing value ${path} failed: test failed`);
  const expected = op.value;
  if (path === '') {
    if (!jsonpatch._areEquals(doc, expected ?? null)) throw failed();
    return;
  }
  const loc = findObject(doc, path);
  if (!loc) throw unprocessablePatch(`test operation does not apply: is missing path: ${path}: missing value`);
  const found = lookup(loc.container, loc.key, false);
  if (!found.ok && !found.missing) throw unprocessablePatch(`error in test for path: '${path}': ${found.error}`);
  const actual = found.ok ? found.value : null;
  if (actual === null || actual === undefined) {
    if (expected === null) return;
    throw failed();
  }
  if (expected === null || expected === undefined || !jsonpatch._areEquals(actual, expected)) throw failed();
}

// Runs one already-checked operation through fast-json-patch on our own copy of the document.
function run(doc: unknown, operation: Operation, index: number): unknown {
  try {
    return jsonpatch.applyOperation(doc, operation, true, true, true, index).newDocument;
  } catch (err) {
    if (err instanceof StatusError) throw err;
    throw unprocessablePatch(err instanceof Error ? err.message : String(err));
  }
}

// evanphx's findObject: walk every token but the last through objects and arrays.
function findObject(doc: unknown, path: string): Location | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  let current = doc;
  let pointer = '';
  for (let i = 1; i < tokens.length - 1; i++) {
    if (!isContainer(current)) return undefined;
    const found = lookup(current, decodeToken(tokens[i]), false);
    if (!found.ok) return undefined;
    pointer += `/${found.token}`;
    current = found.value;
  }
  if (!isContainer(current)) return undefined;
  return { container: current, key: decodeToken(tokens[tokens.length - 1]), parentPointer: pointer };
}

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

// Reads one member, with evanphx's texts for failures; `removing` selects the remove wording.
function lookup(container: Container, key: string, removing: boolean): Lookup {
  if (!Array.isArray(container)) {
    if (Object.prototype.hasOwnProperty.call(container, key)) {
      return { ok: true, value: container[key], token: encodeToken(key) };
    }
    const verb = removing ? 'remove' : 'get';
    return { ok: false, missing: true, error: `unable to ${verb} nonexistent key: ${key}: missing value` };
  }
  const parsed = parseIndex(key);
  if (parsed === undefined) return { ok: false, missing: false, error: atoiError(key) };
  let idx = parsed;
  if (idx < 0) {
    if (idx < -container.length) return { ok: false, missing: false, error: invalidIndex(idx) };
    idx += container.length;
  }
  if (idx >= container.length) return { ok: false, missing: false, error: invalidIndex(idx) };
  return { ok: true, value: container[idx], token: String(idx) };
}

// The canonical last token for an add, or throws evanphx's add-to-array errors.
function addToken(loc: Location, wrap: (e: string) => string): string {
  if (!Array.isArray(loc.container)) return encodeToken(loc.key);
  if (loc.key === '-') return '-';
  const parsed = parseIndex(loc.key);
  if (parsed === undefined) {
    throw unprocessablePatch(wrap(`value was not a proper array index: '${loc.key}': ${atoiError(loc.key)}`));
  }
  const size = loc.container.length + 1;
  let idx = parsed;
  if (idx >= size || idx < -size) throw unprocessablePatch(wrap(invalidIndex(idx)));
  if (idx < 0) idx += size;
  return String(idx);
}

function parseIndex(token: string): number | undefined {
  return /^[+-]?\d+$/.test(token) ? Number(token) : undefined;
}

function atoiError(token: string): string {
  return `strconv.Atoi: parsing ${JSON.stringify(token)}: invalid syntax`;
}

function invalidIndex(idx: number): string {
  return `Unable to access invalid index: ${idx}: invalid index referenced`;
}

function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodeToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
