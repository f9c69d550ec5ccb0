import type { SchemaNode } from '../schema/schema-node.js';
import { builtinDefinitions, refName, type Definitions, type RawSchema } from './definitions.js';

/** The definition name of resource.Quantity (a string that also accepts JSON numbers). */
export const quantityDefinition = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const listTypes = new Set(['atomic', 'set', 'map']);
const mapTypes = new Set(['atomic', 'granular']);
const jsonTypes = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/**
 * A SchemaNode over one raw schema. A `$ref` is followed only when a field is read, and every
 * definition has one shared node, so cyclic definitions (JSONSchemaProps) cost nothing until walked.
 * Fields of the raw schema itself win over those of the definition it refers to (a property's own
 * description and list extensions over the referenced type's).
 */
class GraphNode implements SchemaNode {
  private propsCache?: Readonly<Record<string, SchemaNode>> | null;
  private itemsCache?: SchemaNode | null;
  private additionalCache?: SchemaNode | boolean | null;

  constructor(
    private readonly raw: RawSchema,
    private readonly graph: SchemaGraph,
    /** The definition this node stands for, when it is one (or refers to one). */
    readonly definitionName: string | undefined,
  ) {}

  private get target(): GraphNode | undefined {
    if (!this.raw.$ref) return undefined;
    const name = refName(this.raw.$ref);
    return name === undefined ? undefined : (this.graph.nodeFor(name) as GraphNode | undefined);
  }

  private pick<K extends keyof RawSchema>(key: K): RawSchema[K] | undefined {
    if (this.raw[key] !== undefined) return this.raw[key];
    return this.target?.pick(key);
  }

  get intOrString(): boolean | undefined {
    return this.pick('format') === 'int-or-string' || this.pick('x-kubernetes-int-or-string') === true || undefined;
  }

  get type(): SchemaNode['type'] {
    if (this.intOrString) return undefined;
    const t = this.pick('type');
    return typeof t === 'string' && jsonTypes.has(t) ? (t as SchemaNode['type']) : undefined;
  }

  get format(): string | undefined {
    return this.pick('format');
  }

  get description(): string | undefined {
    return this.pick('description');
  }

  get properties(): Readonly<Record<string, SchemaNode>> | undefined {
    if (this.propsCache === undefined) {
      const raw = this.pick('properties');
      if (!raw) this.propsCache = null;
      else {
        const out: Record<string, SchemaNode> = {};
        for (const [k, v] of Object.entries(raw)) out[k] = this.graph.nodeFromSchema(v);
        this.propsCache = Object.freeze(out);
      }
    }
    return this.propsCache ?? undefined;
  }

  get additionalProperties(): SchemaNode | boolean | undefined {
    if (this.additionalCache === undefined) {
      const raw = this.pick('additionalProperties');
      this.additionalCache = raw === undefined ? null : typeof raw === 'boolean' ? raw : this.graph.nodeFromSchema(raw);
    }
    return this.additionalCache ?? undefined;
  }

  get items(): SchemaNode | undefined {
    if (this.itemsCache === undefined) {
      const raw = this.pick('items');
      this.itemsCache = raw ? this.graph.nodeFromSchema(raw) : null;
    }
    return this.itemsCache ?? undefined;
  }

  get required(): readonly string[] | undefined {
    return this.pick('required');
  }

  get enum(): readonly unknown[] | undefined {
    return this.pick('enum');
  }

  get patchMergeKey(): string | undefined {
    return this.pick('x-kubernetes-patch-merge-key');
  }

  get patchStrategy(): string | undefined {
    return this.pick('x-kubernetes-patch-strategy');
  }

  get listType(): SchemaNode['listType'] {
    const v = this.pick('x-kubernetes-list-type');
    return v && listTypes.has(v) ? (v as SchemaNode['listType']) : undefined;
  }

  get listMapKeys(): readonly string[] | undefined {
    return this.pick('x-kubernetes-list-map-keys');
  }

  get mapType(): SchemaNode['mapType'] {
    const v = this.pick('x-kubernetes-map-type');
    return v && mapTypes.has(v) ? (v as SchemaNode['mapType']) : undefined;
  }

  /**
   * True when the schema says so, and for free-form values: an object with neither properties nor
   * additionalProperties (RawExtension, FieldsV1) or a schema without any type (apiextensions JSON).
   */
  get preserveUnknownFields(): boolean | undefined {
    if (this.pick('x-kubernetes-preserve-unknown-fields') === true) return true;
    if (this.intOrString) return undefined;
    const t = this.pick('type');
    const structured = this.pick('properties') !== undefined || this.pick('additionalProperties') !== undefined;
    if ((t === 'object' || t === undefined) && !structured && this.pick('items') === undefined) return true;
    return undefined;
  }

  get embeddedResource(): boolean | undefined {
    return this.pick('x-kubernetes-embedded-resource') || undefined;
  }

  get nullable(): boolean | undefined {
    return this.pick('nullable') || undefined;
  }
}

/**
 * SchemaNodes over a set of OpenAPI definitions. Nodes are created on demand and shared per
 * definition; reading the graph never walks it exhaustively.
 */
export class SchemaGraph {
  private readonly byName = new Map<string, SchemaNode>();

  constructor(private readonly definitions: Definitions) {}

  /** The node of a definition (e.g. `io.k8s.api.core.v1.Pod`), or undefined if there is none. */
  nodeFor(definitionName: string): SchemaNode | undefined {
    let node = this.byName.get(definitionName);
    if (!node) {
      const raw = this.definitions[definitionName];
      if (!raw) return undefined;
      node = new GraphNode(raw, this, definitionName);
      this.byName.set(definitionName, node);
    }
    return node;
  }

  /** A node over any schema whose `$ref`s point into this graph's definitions (not cached). */
  nodeFromSchema(raw: RawSchema): SchemaNode {
    if (raw.$ref) {
      const name = refName(raw.$ref);
      // A bare `$ref` is the definition's own node; one with siblings (a description) wraps it.
      if (name !== undefined && Object.keys(raw).length === 1)
        return this.nodeFor(name) ?? new GraphNode({}, this, undefined);
      return new GraphNode(raw, this, name);
    }
    return new GraphNode(raw, this, undefined);
  }
}

let builtinGraph: SchemaGraph | undefined;

/** The graph over the built-in definitions (loaded once, shared). */
export function builtinSchemaGraph(): SchemaGraph {
  builtinGraph ??= new SchemaGraph(builtinDefinitions());
  return builtinGraph;
}

/** The resolved schema of a built-in definition, e.g. `schemaFor('io.k8s.api.apps.v1.Deployment')`. */
export function schemaFor(definitionName: string): SchemaNode | undefined {
  return builtinSchemaGraph().nodeFor(definitionName);
}

/** The definition a node stands for (or refers to), if it came from a SchemaGraph. */
export function definitionNameOf(node: SchemaNode): string | undefined {
  return node instanceof GraphNode ? node.definitionName : undefined;
}

/** Whether a node is resource.Quantity (a string on the wire that also accepts a JSON number). */
export function isQuantity(node: SchemaNode): boolean {
  return definitionNameOf(node) === quantityDefinition;
}
