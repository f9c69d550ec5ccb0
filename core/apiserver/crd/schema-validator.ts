import { fieldError, formatValue, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { JsonSchemaProps } from './crd-shapes.js';
import { checkFormat } from './schema-formats.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON type name kube-openapi reports for a value (`string`, `integer`, `number`, `null`, ...). */
export function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** A number as Go's `%v` prints the bounds in kube-openapi messages. */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2');
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeInvalid(path: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: ${formatValue(value)}: ${detail}` };
}

function tooMany(path: string, actual: number, max: number): FieldCause {
  return {
    reason: 'FieldValueTooMany',
    field: path,
    message: `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`,
  };
}

function tooLong(path: string, max: number): FieldCause {
  return {
    reason: 'FieldValueTooLong',
    field: path,
    message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** JSON with object keys sorted (Go's json.Marshal of a map). */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

const patternCache = new Map<string, RegExp | null>();
function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(p, 'u');
    } catch {
      try {
        re = new RegExp(p);
      } catch {
        re = null;
      }
    }
    patternCache.set(p, re);
  }
  return re;
}

/**
 * Validates a value against a structural schema as the apiextensions-apiserver's OpenAPI
 * validator does, with its field error texts: `spec.replicas: Invalid value: "string":
 * spec.replicas in body must be of type integer: "string"`, `spec.size: Unsupported value: "XL":
 * supported values: "S", "M"`, `spec.name: Required value`, and so on. `path` is where `value`
 * sits ('' for a whole object). Returns the causes in document order; never throws.
 */
export function validateValue(value: unknown, schema: JsonSchemaProps, path = ''): FieldCause[] {
  const out: FieldCause[] = [];
  walk(value, schema, path, out);
  return out;
}

function walk(value: unknown, s: JsonSchemaProps, path: string, out: FieldCause[]): void {
  const name = path || '.';
  if (value === null || value === undefined) {
    if (s.nullable) return;
    if (s.type || s['x-kubernetes-int-or-string']) {
      const want = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type!;
      out.push(typeInvalid(path, 'null', `${name} in body must be of type ${want}: "null"`));
    }
    return;
  }
  const actual = jsonTypeName(value);
  if (s['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') {
      out.push(typeInvalid(path, actual, `${name} in body must be of type integer,string: "${actual}"`));
      return;
    }
  } else if (s.type) {
    if (s.type !== actual && !(s.type === 'number' && actual === 'integer')) {
      out.push(typeInvalid(path, actual, `${name} in body must be of type ${s.type}: "${actual}"`));
      return;
    }
  }
  if (typeof value === 'string') {
    if (s.format && !checkFormat(s.format, value)) {
      out.push(typeInvalid(path, value, `${name} in body must be of type ${s.format}: ${JSON.stringify(value)}`));
    }
    if (s.maxLength !== undefined && [...value].length > s.maxLength) out.push(tooLong(path, s.maxLength));
    if (s.minLength !== undefined && [...value].length < s.minLength) {
      out.push(fieldError.invalid(path, value, `${name} in body should be at least ${s.minLength} chars long`));
    }
    if (s.pattern !== undefined) {
      const re = compilePattern(s.pattern);
      if (re && !re.test(value)) {
        out.push(fieldError.invalid(path, value, `${name} in body should match '${s.pattern}'`));
      }
    }
  }
  if (typeof value === 'number') {
    if (s.maximum !== undefined) {
      const bad = s.exclusiveMaximum ? value >= s.maximum : value > s.maximum;
      if (bad) {
        const how = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
        out.push(fieldError.invalid(path, value, `${name} in body should be ${how} ${goNumber(s.maximum)}`));
      }
    }
    if (s.minimum !== undefined) {
      const bad = s.exclusiveMinimum ? value <= s.minimum : value < s.minimum;
      if (bad) {
        const how = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
        out.push(fieldError.invalid(path, value, `${name} in body should be ${how} ${goNumber(s.minimum)}`));
      }
    }
    if (s.multipleOf !== undefined && s.multipleOf > 0) {
      const q = value / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) {
        out.push(fieldError.invalid(path, value, `${name} in body should be a multiple of ${goNumber(s.multipleOf)}`));
      }
    }
  }
  if (s.enum && s.enum.length > 0 && !s.enum.some((e) => deepEqual(e, value))) {
    out.push(
      fieldError.notSupported(
        path,
        value,
        s.enum.map((e) => (typeof e === 'string' ? e : stableJson(e))),
      ),
    );
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) out.push(tooMany(path, value.length, s.maxItems));
    if (s.minItems !== undefined && value.length < s.minItems) {
      out.push(fieldError.invalid(path, value.length, `${name} in body should have at least ${s.minItems} items`));
    }
    if (s.uniqueItems) {
      const seen = new Set(value.map(stableJson));
      if (seen.size !== value.length)
        out.push(fieldError.invalid(path, '', `${name} in body shouldn't contain duplicates`));
    }
    if (s.items) value.forEach((v, i) => walk(v, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties)
      out.push(tooMany(path, keys.length, s.maxProperties));
    if (s.minProperties !== undefined && keys.length < s.minProperties) {
      out.push(
        fieldError.invalid(path, keys.length, `${name} in body should have at least ${s.minProperties} properties`),
      );
    }
    for (const r of s.required ?? []) {
      if (!(r in value) || value[r] === undefined) out.push(fieldError.required(child(path, r), ''));
    }
    if (s['x-kubernetes-embedded-resource']) {
      for (const f of ['apiVersion', 'kind']) {
        if (typeof value[f] !== 'string' || value[f] === '')
          out.push(fieldError.required(child(path, f), 'must not be empty'));
      }
    }
    const additional = isObject(s.additionalProperties) ? (s.additionalProperties as JsonSchemaProps) : undefined;
    for (const k of keys) {
      const sub = s.properties?.[k] ?? additional;
      if (sub) walk(value[k], sub, child(path, k), out);
    }
  }
  for (const sub of s.allOf ?? []) walk(value, sub, path, out);
  if (s.anyOf && s.anyOf.length > 0) {
    const results = s.anyOf.map((sub) => validateValue(value, sub, path));
    if (!results.some((r) => r.length === 0)) {
      out.push(fieldError.invalid(path, '', 'must validate at least one schema (anyOf)'));
      out.push(...results[0]!);
    }
  }
}

/** Go's `%#v` of the small maps list-map keys are printed as (`map[string]interface {}{"name":"a"}`). */
function goMapSyntax(m: Json): string {
  const parts = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goValue(m[k])}`);
  return `map[string]interface {}{${parts.join(', ')}}`;
}

function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (isObject(v)) return goMapSyntax(v);
  return stableJson(v);
}

function duplicate(path: string, value: unknown): FieldCause {
  const text = isObject(value) ? goMapSyntax(value) : formatValue(value);
  return { reason: 'FieldValueDuplicate', field: path, message: `Duplicate value: ${text}` };
}

/**
 * Checks the uniqueness rules of `x-kubernetes-list-type: set` (whole items) and `map` (the
 * `x-kubernetes-list-map-keys` of each item), as the apiextensions-apiserver does after schema
 * validation: one `Duplicate value` cause per item that repeats an earlier one.
 */
export function validateListSetsAndMaps(value: unknown, s: JsonSchemaProps, path = ''): FieldCause[] {
  const out: FieldCause[] = [];
  walkLists(value, s, path, out);
  return out;
}

function walkLists(value: unknown, s: JsonSchemaProps, path: string, out: FieldCause[]): void {
  if (Array.isArray(value)) {
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set') {
      for (const i of firstRepeats(
        value.map((v) => (isObject(v) || Array.isArray(v) ? stableJson(v) : scalarKey(v))),
      )) {
        out.push(duplicate(`${path}[${i}]`, value[i]));
      }
    } else if (listType === 'map') {
      const bad = value.findIndex((x) => x !== null && !isObject(x));
      if (bad >= 0) {
        out.push(fieldError.invalid(`${path}[${bad}]`, value[bad], 'must be an object for an array of list-type map'));
      } else {
        const keyFields = s['x-kubernetes-list-map-keys'] ?? [];
        const keys = value.map((x) => {
          const k: Json = {};
          if (isObject(x)) for (const f of keyFields) if (f in x) k[f] = x[f];
          return k;
        });
        for (const i of firstRepeats(keys.map(stableJson))) out.push(duplicate(`${path}[${i}]`, keys[i]));
      }
    }
    if (s.items) value.forEach((v, i) => walkLists(v, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (isObject(value)) {
    const additional = isObject(s.additionalProperties) ? (s.additionalProperties as JsonSchemaProps) : undefined;
    for (const [k, v] of Object.entries(value)) {
      const sub = s.properties?.[k] ?? additional;
      if (sub) walkLists(v, sub, child(path, k), out);
    }
  }
}

function scalarKey(v: unknown): string {
  return `${typeof v}:${String(v)}`;
}

/** Indices of the second appearance of each repeated key. */
function firstRepeats(keys: string[]): number[] {
  const count = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    const n = (count.get(k) ?? 0) + 1;
    count.set(k, n);
    if (n === 2) out.push(i);
  });
  return out;
}
