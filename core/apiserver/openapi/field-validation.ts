import type { FieldCause } from '../../../sdk/api/field-cause.js';
import type { SchemaNode } from '../schema/schema-node.js';
import { apiErrors, type StatusError } from '../status.js';
import { definitionNameOf, isQuantity } from './schema-graph.js';

/** The apiserver stops collecting strict decoding errors after this many (as sigs.k8s.io/json does). */
const maxStrictErrors = 100;

const embeddedResourceFields = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * Paths of the fields in `obj` that `schema` does not declare, in the order they appear, in the
 * notation of the apiserver's strict decoder: `spec.foo`, `spec.containers[0].imagePullPolicyy`,
 * `metadata.labelz`. Map values (`additionalProperties`) are walked but their keys are never unknown;
 * nodes that preserve unknown fields (and free-form objects) are not reported. Does not mutate.
 */
export function findUnknownFields(obj: unknown, schema: SchemaNode): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  walkUnknown(obj, schema, '', (path) => {
    if (out.length < maxStrictErrors && !seen.has(path)) {
      seen.add(path);
      out.push(path);
    }
  });
  return out;
}

/** Removes from `obj`, in place, every field {@link findUnknownFields} would report (the decoder drops them). */
export function pruneUnknownFields(obj: unknown, schema: SchemaNode): void {
  walkUnknown(obj, schema, '', () => undefined, true);
}

function walkUnknown(
  value: unknown,
  node: SchemaNode,
  path: string,
  report: (path: string) => void,
  prune = false,
): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) value.forEach((v, i) => walkUnknown(v, items, `${path}[${i}]`, report, prune));
    return;
  }
  if (!isObject(value)) return;
  const props = node.properties;
  const additional = node.additionalProperties;
  const preserve = node.preserveUnknownFields === true;
  for (const key of Object.keys(value)) {
    const child = props?.[key];
    const here = join(path, key);
    if (child) walkUnknown(value[key], child, here, report, prune);
    else if (typeof additional === 'object') walkUnknown(value[key], additional, here, report, prune);
    else if (additional === true || preserve || (!props && additional === undefined)) continue;
    else if (node.embeddedResource && embeddedResourceFields.has(key)) continue;
    else {
      report(here);
      if (prune) delete value[key];
    }
  }
}

/** The Go type name the apiserver's decoder prints for a schema node (`int32`, `[]v1.Container`, `map[string]string`). */
export function goTypeName(node: SchemaNode): string {
  const def = definitionNameOf(node);
  if (def && node.properties) {
    const parts = def.split('.');
    return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
  }
  if (node.intOrString) return 'intstr.IntOrString';
  if (isQuantity(node)) return 'resource.Quantity';
  switch (node.type) {
    case 'integer':
      return node.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string';
    case 'array':
      return `[]${node.items ? goTypeName(node.items) : 'interface {}'}`;
    case 'object': {
      const a = node.additionalProperties;
      if (typeof a === 'object') return `map[string]${goTypeName(a)}`;
      return 'map[string]interface {}';
    }
    default:
      return 'interface {}';
  }
}

/** The JSON kind of a value as Go's decoder names it in type errors. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

interface TypeWalk {
  /** Field path with list indices (FieldCause.field). */
  path: string;
  /** Go's error path: struct field names only, no indices or map keys. */
  goPath: string;
  /** The Go name of the struct holding the current field. */
  struct: string | undefined;
}

/**
 * Values whose JSON type does not fit the schema, as the built-in kinds' decoder reports them:
 * one FieldValueTypeInvalid cause per wrong value, its `field` the path with indices
 * (`spec.replicas`, `spec.template.spec.containers[0].ports[0].containerPort`) and its `message` the
 * decoder's text, e.g. `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 * The apiserver answers 400 with the first one (see {@link decodeErrorMessage}). `null` fits every
 * field; Quantity accepts numbers and IntOrString integers. Does not mutate.
 */
export function findTypeErrors(obj: unknown, schema: SchemaNode): FieldCause[] {
  const out: FieldCause[] = [];
  walkTypes(obj, schema, { path: '', goPath: '', struct: undefined }, out);
  return out;
}

function typeError(out: FieldCause[], at: TypeWalk, value: unknown, goType: string, valueText = jsonKind(value)): void {
  const message =
    at.struct !== undefined && at.goPath
      ? `json: cannot unmarshal ${valueText} into Go struct field ${at.struct}.${at.goPath} of type ${goType}`
      : `json: cannot unmarshal ${valueText} into Go value of type ${goType}`;
  out.push({ reason: 'FieldValueTypeInvalid', field: at.path, message });
}

function walkTypes(value: unknown, node: SchemaNode, at: TypeWalk, out: FieldCause[]): void {
  if (value === null || value === undefined) return;
  if (node.intOrString) {
    if (typeof value === 'string') return;
    if (typeof value === 'number' && Number.isInteger(value)) return;
    // intstr's own unmarshaler decodes non-strings into an int32, without the field context.
    const text = typeof value === 'number' ? `number ${value}` : jsonKind(value);
    out.push({
      reason: 'FieldValueTypeInvalid',
      field: at.path,
      message: `json: cannot unmarshal ${text} into Go value of type int32`,
    });
    return;
  }
  if (isQuantity(node)) {
    if (typeof value === 'string' || typeof value === 'number') return;
    out.push({
      reason: 'FieldValueTypeInvalid',
      field: at.path,
      message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    });
    return;
  }
  if (node.type === 'string' && node.format === 'date-time' && !node.properties) {
    // metav1.Time decodes itself from a JSON string, also without the field context.
    if (typeof value !== 'string') {
      out.push({
        reason: 'FieldValueTypeInvalid',
        field: at.path,
        message: `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`,
      });
    }
    return;
  }
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') typeError(out, at, value, goTypeName(node));
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeError(out, at, value, 'bool');
      return;
    case 'integer':
      if (typeof value !== 'number') typeError(out, at, value, goTypeName(node));
      else if (!Number.isInteger(value)) typeError(out, at, value, goTypeName(node), `number ${value}`);
      return;
    case 'number':
      if (typeof value !== 'number') typeError(out, at, value, 'float64');
      return;
    case 'array': {
      if (!Array.isArray(value)) {
        typeError(out, at, value, goTypeName(node));
        return;
      }
      const items = node.items;
      if (items) value.forEach((v, i) => walkTypes(v, items, { ...at, path: `${at.path}[${i}]` }, out));
      return;
    }
  }
  if (node.preserveUnknownFields && !node.properties) return;
  if (node.type !== 'object' && !node.properties && node.additionalProperties === undefined) return;
  if (!isObject(value)) {
    typeError(out, at, value, goTypeName(node));
    return;
  }
  const props = node.properties;
  if (props) {
    const struct = goTypeName(node).split('.').pop();
    for (const [key, v] of Object.entries(value)) {
      const child = props[key];
      if (child) walkTypes(v, child, { path: join(at.path, key), goPath: join(at.goPath, key), struct }, out);
    }
    return;
  }
  const additional = node.additionalProperties;
  if (typeof additional === 'object') {
    for (const [key, v] of Object.entries(value)) walkTypes(v, additional, { ...at, path: join(at.path, key) }, out);
  }
}

/** `Pod in version "v1" cannot be handled as a Pod: <detail>`: the apiserver's text for a body it cannot decode. */
export function decodeErrorMessage(kind: string, version: string, detail: string): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${detail}`;
}

/**
 * The detail of a strict decoding failure: `strict decoding error: unknown field "spec.foo", duplicate field "spec.replicas"`.
 * Duplicates come first, then unknown fields, each list in document order.
 */
export function strictDecodingDetail(
  unknownFields: readonly string[],
  duplicateFields: readonly string[] = [],
): string {
  const errors = [
    ...duplicateFields.map((f) => `duplicate field "${f}"`),
    ...unknownFields.map((f) => `unknown field "${f}"`),
  ];
  return `strict decoding error: ${errors.join(', ')}`;
}

/**
 * The 400 BadRequest the apiserver answers with fieldValidation=Strict, e.g.
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"`.
 */
export function strictDecodingError(
  kind: string,
  version: string,
  unknownFields: readonly string[],
  duplicateFields: readonly string[] = [],
): StatusError {
  return apiErrors.badRequest(decodeErrorMessage(kind, version, strictDecodingDetail(unknownFields, duplicateFields)));
}

/** The 400 BadRequest for a value of the wrong JSON type (the first one, as the decoder stops there). */
export function typeMismatchError(kind: string, version: string, causes: readonly FieldCause[]): StatusError {
  return apiErrors.badRequest(decodeErrorMessage(kind, version, causes[0]?.message ?? 'json: cannot unmarshal'));
}

/** The `Warning` header texts for fieldValidation=Warn (the default): one `unknown field "spec.foo"` per field. */
export function fieldValidationWarnings(
  unknownFields: readonly string[],
  duplicateFields: readonly string[] = [],
): string[] {
  return [...duplicateFields.map((f) => `duplicate field "${f}"`), ...unknownFields.map((f) => `unknown field "${f}"`)];
}
