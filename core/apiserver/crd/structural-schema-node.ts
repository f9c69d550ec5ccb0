import type { SchemaNode } from '../schema/schema-node.js';
import { schemaFor } from '../openapi/schema-graph.js';
import type { JsonSchemaProps } from './crd-shapes.js';

const objectMetaDefinition = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const jsonTypes = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const stringNode: SchemaNode = Object.freeze({ type: 'string' as const });

/**
 * A SchemaNode over a CRD's structural schema, with the semantics of the apiextensions-apiserver:
 * an object without properties, additionalProperties or x-kubernetes-preserve-unknown-fields
 * keeps no fields (so it reports `properties: {}`), and `apiVersion`, `kind` and `metadata` are
 * known at the root and in embedded resources (metadata with ObjectMeta's schema).
 */
class StructuralNode implements SchemaNode {
  private propsCache?: Readonly<Record<string, SchemaNode>> | null;
  private itemsCache?: SchemaNode | null;
  private additionalCache?: SchemaNode | boolean | null;

  constructor(
    readonly raw: JsonSchemaProps,
    private readonly isRoot: boolean,
  ) {}

  get intOrString(): boolean | undefined {
    return this.raw['x-kubernetes-int-or-string'] === true || undefined;
  }

  get type(): SchemaNode['type'] {
    if (this.intOrString) return undefined;
    const t = this.raw.type;
    if (t === undefined && (this.isRoot || this.embeddedResource)) return 'object';
    return t && jsonTypes.has(t) ? (t as SchemaNode['type']) : undefined;
  }

  get format(): string | undefined {
    return this.raw.format;
  }

  get description(): string | undefined {
    return this.raw.description;
  }

  get properties(): Readonly<Record<string, SchemaNode>> | undefined {
    if (this.propsCache === undefined) {
      const out: Record<string, SchemaNode> = {};
      for (const [k, v] of Object.entries(this.raw.properties ?? {})) out[k] = new StructuralNode(v, false);
      const objectLike = this.type === 'object';
      if (this.isRoot || this.embeddedResource) {
        out.apiVersion = stringNode;
        out.kind = stringNode;
        out.metadata = schemaFor(objectMetaDefinition) ?? new StructuralNode({ type: 'object' }, false);
        this.propsCache = Object.freeze(out);
      } else if (this.raw.properties) {
        this.propsCache = Object.freeze(out);
      } else if (objectLike && !this.preserveUnknownFields && this.additionalProperties === undefined) {
        // A structural object with no fields declared keeps none.
        this.propsCache = Object.freeze({});
      } else this.propsCache = null;
    }
    return this.propsCache ?? undefined;
  }

  get additionalProperties(): SchemaNode | boolean | undefined {
    if (this.additionalCache === undefined) {
      const a = this.raw.additionalProperties;
      this.additionalCache = a === undefined || a === false ? null : a === true ? true : new StructuralNode(a, false);
    }
    return this.additionalCache ?? undefined;
  }

  get items(): SchemaNode | undefined {
    if (this.itemsCache === undefined)
      this.itemsCache = this.raw.items ? new StructuralNode(this.raw.items, false) : null;
    return this.itemsCache ?? undefined;
  }

  get required(): readonly string[] | undefined {
    return this.raw.required;
  }

  get enum(): readonly unknown[] | undefined {
    return this.raw.enum;
  }

  get listType(): SchemaNode['listType'] {
    return this.raw['x-kubernetes-list-type'];
  }

  get listMapKeys(): readonly string[] | undefined {
    return this.raw['x-kubernetes-list-map-keys'];
  }

  get mapType(): SchemaNode['mapType'] {
    return this.raw['x-kubernetes-map-type'];
  }

  get preserveUnknownFields(): boolean | undefined {
    return this.raw['x-kubernetes-preserve-unknown-fields'] === true || undefined;
  }

  get embeddedResource(): boolean | undefined {
    return this.raw['x-kubernetes-embedded-resource'] === true || undefined;
  }

  get nullable(): boolean | undefined {
    return this.raw.nullable === true || undefined;
  }
}

const roots = new WeakSet<SchemaNode>();

/**
 * The SchemaNode of a custom resource version's whole object, from its `openAPIV3Schema`
 * (undefined schema: every field is kept, as with x-kubernetes-preserve-unknown-fields).
 */
export function structuralRootNode(schema: JsonSchemaProps | undefined): SchemaNode {
  const node = new StructuralNode(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, true);
  roots.add(node);
  return node;
}

/** Whether a node is the root of a custom resource schema (built by {@link structuralRootNode}). */
export function isCustomResourceRoot(node: SchemaNode | undefined): boolean {
  return node !== undefined && roots.has(node);
}
