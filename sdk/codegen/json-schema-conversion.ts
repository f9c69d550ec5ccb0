import type { CrdSchema } from './crd-document.js';

/**
 * A JSON Schema as json-schema-to-typescript reads it (draft 4 plus its `tsType` extension for a
 * literal TypeScript type).
 */
export interface TsJsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, TsJsonSchema>;
  additionalProperties?: TsJsonSchema | boolean;
  items?: TsJsonSchema;
  anyOf?: TsJsonSchema[];
  allOf?: TsJsonSchema[];
  tsType?: string;
}

/** How a schema node is converted. */
export interface ConversionContext {
  /** The TypeScript type name of ObjectMeta in the generated file (for embedded resources). */
  objectMetaType: string;
}

function withDescription(out: TsJsonSchema, s: CrdSchema): TsJsonSchema {
  if (s.description) out.description = s.description;
  return out;
}

function nullable(out: TsJsonSchema, s: CrdSchema): TsJsonSchema {
  if (!s.nullable) return out;
  const { description, ...rest } = out;
  return withDescription({ anyOf: [rest, { type: 'null' }] }, { description } as CrdSchema);
}

/**
 * Converts a structural CRD schema to the JSON Schema json-schema-to-typescript compiles, mapping
 * the Kubernetes extensions: `x-kubernetes-int-or-string` to `number | string`,
 * `x-kubernetes-preserve-unknown-fields` to an index signature of `unknown` (or `unknown` itself
 * when the node has no type), `x-kubernetes-embedded-resource` to an object with `apiVersion`,
 * `kind` and `metadata: ObjectMeta`, `nullable` to `| null`; objects are closed unless they
 * preserve unknown fields; titles are dropped so that every nested type stays inline.
 */
export function toTsJsonSchema(s: CrdSchema, ctx: ConversionContext): TsJsonSchema {
  if (s['x-kubernetes-int-or-string']) return nullable(withDescription({ tsType: 'number | string' }, s), s);
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded) {
    const properties: Record<string, TsJsonSchema> = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { tsType: ctx.objectMetaType },
    };
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      if (!(k in properties)) properties[k] = toTsJsonSchema(v, ctx);
    }
    const required = [...new Set(['apiVersion', 'kind', ...(s.required ?? [])])];
    return nullable(withDescription({ type: 'object', properties, required, additionalProperties: preserve }, s), s);
  }
  const type = s.type;
  if (type === undefined) {
    if (s.properties) return nullable(withDescription(objectSchema(s, ctx, preserve), s), s);
    return withDescription({ tsType: 'unknown' }, s);
  }
  switch (type) {
    case 'object':
      return nullable(withDescription(objectSchema(s, ctx, preserve), s), s);
    case 'array':
      return nullable(
        withDescription({ type: 'array', items: s.items ? toTsJsonSchema(s.items, ctx) : { tsType: 'unknown' } }, s),
        s,
      );
    case 'integer':
    case 'number':
      return nullable(withDescription(scalar('number', s), s), s);
    case 'string':
    case 'boolean':
      return nullable(withDescription(scalar(type, s), s), s);
    default:
      return withDescription({ tsType: 'unknown' }, s);
  }
}

function scalar(type: string, s: CrdSchema): TsJsonSchema {
  const out: TsJsonSchema = { type };
  if (s.enum && s.enum.length > 0) out.enum = s.enum.filter((e) => e !== null);
  return out;
}

function objectSchema(s: CrdSchema, ctx: ConversionContext, preserve: boolean): TsJsonSchema {
  if (s.properties) {
    const properties: Record<string, TsJsonSchema> = {};
    for (const [k, v] of Object.entries(s.properties)) properties[k] = toTsJsonSchema(v, ctx);
    const out: TsJsonSchema = { type: 'object', properties, additionalProperties: preserve };
    if (s.required?.length) out.required = [...s.required];
    return out;
  }
  if (typeof s.additionalProperties === 'object') {
    return { type: 'object', additionalProperties: toTsJsonSchema(s.additionalProperties, ctx) };
  }
  if (preserve || s.additionalProperties === true) return { type: 'object', additionalProperties: true };
  return { type: 'object', additionalProperties: false };
}
