/** A JSON object as the patch functions see it (a plain object, never an array). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/** An object's own member `key` (never an inherited one such as `__proto__`), or undefined. */
export function own(obj: JsonObject, key: string): unknown {
  return hasOwn.call(obj, key) ? obj[key] : undefined;
}

/** Sets an own member, also for the key `__proto__` (which plain assignment would turn into a prototype change). */
export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Deep copy of a JSON value (objects, arrays, primitives). Faster than structuredClone and
 * JSON round-trips for the plain data the API server holds; `undefined` members are dropped.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = (value as JsonObject)[key];
    if (v !== undefined) setOwn(out, key, cloneJson(v));
  }
  return out as T;
}

/**
 * Formats a decoded JSON value the way Go's `fmt` prints it with `%v` (maps as `map[k:v]` with
 * sorted keys, slices as `[a b]`, nil as `<nil>`), so error texts match apimachinery's.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  const obj = value as JsonObject;
  const keys = Object.keys(obj).sort();
  return `map[${keys.map((k) => `${k}:${goFormat(obj[k])}`).join(' ')}]`;
}

/** The Go type name of a decoded JSON value, as `reflect.TypeOf(v)` prints it. */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** The kind of a decoded JSON value in Go's encoding/json error texts (`cannot unmarshal <kind> into ...`). */
export function goJsonKind(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

// Integers print as int64 (the apiserver decodes patches preserving ints); other numbers as Go's %v
// of a float64 (shortest representation, exponent form below 1e-4 or from 1e21).
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exp] = n.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}
