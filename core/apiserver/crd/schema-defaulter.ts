import type { JsonSchemaProps } from './crd-shapes.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Applies a structural schema's `default`s to a value in place, as the apiextensions-apiserver
 * does: a missing property with a default gets a copy of it (and the defaults inside it), a
 * `null` in a non-nullable property is replaced by its default or dropped when it has none, and
 * arrays and maps are walked item by item. Idempotent; `metadata` at the root is left alone.
 */
export function applySchemaDefaults(value: unknown, schema: JsonSchemaProps, isRoot = false): void {
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) applySchemaDefaults(item, schema.items);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    if (isRoot && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
    const present = key in value && value[key] !== undefined;
    if (!present) {
      if (sub.default !== undefined) value[key] = structuredClone(sub.default);
    } else if (value[key] === null && !sub.nullable) {
      if (sub.default !== undefined) value[key] = structuredClone(sub.default);
      else delete value[key];
    }
    if (value[key] !== undefined) applySchemaDefaults(value[key], sub);
  }
  const additional = schema.additionalProperties;
  if (isObject(additional)) {
    const sub = additional as JsonSchemaProps;
    for (const [key, v] of Object.entries(value)) {
      if (schema.properties?.[key]) continue;
      if (v === null && !sub.nullable) {
        if (sub.default !== undefined) value[key] = structuredClone(sub.default);
        else delete value[key];
      }
      if (value[key] !== undefined) applySchemaDefaults(value[key], sub);
    }
  }
}
