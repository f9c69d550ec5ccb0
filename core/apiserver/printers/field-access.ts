/**
 * Defensive readers for untyped object fields: printers read stored JSON whose shape they do not
 * control, and must print something sensible (as Go's zero values do) for whatever is missing.
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** The value as an object, or an empty object (Go's zero struct). */
export function obj(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/** The value as an array of objects, or an empty array. */
export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

/** The value as an array of strings (non-strings dropped), or an empty array. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The value as a string, or '' (Go's zero string). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value as a number, or `fallback` (0 by default, Go's zero int). */
export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The value as a boolean, or `fallback` (false by default). */
export function bool(value: unknown, fallback = false): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** The value as a string map (non-string values dropped), or an empty map. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The number of keys of an object value (Go's `len(map)`). */
export function keyCount(value: unknown): number {
  return Object.keys(obj(value)).length;
}
