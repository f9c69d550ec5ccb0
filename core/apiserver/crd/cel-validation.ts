import type { FieldCause } from '../../../sdk/api/field-cause.js';
import type { CelEngine } from './cel-engine.js';
import type { JsonSchemaProps, ValidationRule } from './crd-shapes.js';
import { jsonTypeName } from './schema-validator.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every `x-kubernetes-validations` rule in a schema, with the path of its node (for conditions). */
export function celRulesOf(
  schema: JsonSchemaProps | undefined,
  path = '',
): Array<{ path: string; rule: ValidationRule }> {
  if (!schema) return [];
  const out = (schema['x-kubernetes-validations'] ?? []).map((rule) => ({ path, rule }));
  for (const [k, s] of Object.entries(schema.properties ?? {})) out.push(...celRulesOf(s, path ? `${path}.${k}` : k));
  if (schema.items) out.push(...celRulesOf(schema.items, `${path}[*]`));
  if (isObject(schema.additionalProperties)) {
    out.push(...celRulesOf(schema.additionalProperties as JsonSchemaProps, `${path}[*]`));
  }
  return out;
}

/**
 * A JSON value as CEL sees it under a schema: `integer` fields (and integers of int-or-string and
 * untyped values) become BigInt, CEL's `int`; `number` fields stay doubles.
 */
export function toCelValue(value: unknown, s: JsonSchemaProps | undefined): unknown {
  if (typeof value === 'number') {
    const integral = Number.isInteger(value) && s?.type !== 'number';
    return integral ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => toCelValue(v, s?.items));
  if (isObject(value)) {
    const additional = isObject(s?.additionalProperties) ? (s!.additionalProperties as JsonSchemaProps) : undefined;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toCelValue(v, s?.properties?.[k] ?? additional)]),
    );
  }
  return value;
}

const reasons: Record<string, FieldCause['reason']> = {
  FieldValueInvalid: 'FieldValueInvalid',
  FieldValueForbidden: 'FieldValueForbidden',
  FieldValueRequired: 'FieldValueRequired',
  FieldValueDuplicate: 'FieldValueDuplicate',
};

/**
 * Evaluates the CEL rules of a schema against a value (and the old value for transition rules
 * that use `oldSelf`), with the apiextensions-apiserver's texts: `spec: Invalid value: "object":
 * failed rule: self.min <= self.max`, or the rule's own message. A rule that fails to compile or
 * evaluate is reported as an invalid value with the error text.
 */
export function validateCelRules(
  engine: CelEngine,
  value: unknown,
  old: unknown,
  schema: JsonSchemaProps,
  path = '',
): FieldCause[] {
  const out: FieldCause[] = [];
  walk(engine, value, old, schema, path, out);
  return out;
}

const compiled = new WeakMap<CelEngine, Map<string, ((v: Record<string, unknown>) => unknown) | Error>>();

function program(engine: CelEngine, rule: string): ((v: Record<string, unknown>) => unknown) | Error {
  let cache = compiled.get(engine);
  if (!cache) compiled.set(engine, (cache = new Map()));
  let p = cache.get(rule);
  if (!p) {
    try {
      p = engine.compile(rule);
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    cache.set(rule, p);
  }
  return p;
}

function walk(
  engine: CelEngine,
  value: unknown,
  old: unknown,
  s: JsonSchemaProps,
  path: string,
  out: FieldCause[],
): void {
  if (value === undefined || value === null) return;
  for (const r of s['x-kubernetes-validations'] ?? []) {
    const usesOld = /\boldSelf\b/.test(r.rule);
    if (usesOld && (old === undefined || old === null) && !r.optionalOldSelf) continue;
    const p = program(engine, r.rule);
    const field = r.fieldPath
      ? `${path}${r.fieldPath.startsWith('.') ? '' : '.'}${r.fieldPath}`.replace(/^\./, '')
      : path;
    const typeName = jsonTypeName(value);
    if (p instanceof Error) {
      out.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: "${typeName}": compilation failed: ${p.message}`,
      });
      continue;
    }
    let result: unknown;
    try {
      const self = toCelValue(value, s);
      result = p(usesOld ? { self, oldSelf: toCelValue(old, s) } : { self });
    } catch (e) {
      out.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: "${typeName}": rule evaluation error: ${(e as Error).message ?? String(e)}`,
      });
      continue;
    }
    if (result === true) continue;
    const detail = r.message ? r.message : `failed rule: ${r.rule.trim()}`;
    const reason = (r.reason && reasons[r.reason]) || 'FieldValueInvalid';
    const message =
      reason === 'FieldValueForbidden'
        ? `Forbidden: ${detail}`
        : reason === 'FieldValueRequired'
          ? `Required value: ${detail}`
          : reason === 'FieldValueDuplicate'
            ? `Duplicate value: "${typeName}": ${detail}`
            : `Invalid value: "${typeName}": ${detail}`;
    out.push({ reason, field, message });
  }
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walk(engine, v, undefined, s.items!, `${path}[${i}]`, out));
    return;
  }
  if (!isObject(value)) return;
  const oldObj = isObject(old) ? old : undefined;
  const additional = isObject(s.additionalProperties) ? (s.additionalProperties as JsonSchemaProps) : undefined;
  for (const [k, v] of Object.entries(value)) {
    const sub = s.properties?.[k] ?? additional;
    if (sub) walk(engine, v, oldObj?.[k], sub, path ? `${path}.${k}` : k, out);
  }
}
