/**
 * A resolved, navigable view of one OpenAPI schema node: `$ref`s are already followed (the graph may
 * be cyclic, so walk it along data, never exhaustively). Strategic merge patch, server-side apply,
 * field validation and pruning all read objects through it.
 */
export interface SchemaNode {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly format?: string;
  readonly description?: string;
  /** Named fields of an object. */
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  /** Map values (`additionalProperties`); `true` allows anything. */
  readonly additionalProperties?: SchemaNode | boolean;
  /** Array items. */
  readonly items?: SchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  /** `x-kubernetes-patch-merge-key` (strategic merge patch). */
  readonly patchMergeKey?: string;
  /** `x-kubernetes-patch-strategy`, e.g. `merge`, `replace`, `retainKeys`, `merge,retainKeys`. */
  readonly patchStrategy?: string;
  /** `x-kubernetes-list-type` (server-side apply). */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys`. */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-map-type`. */
  readonly mapType?: 'atomic' | 'granular';
  readonly preserveUnknownFields?: boolean;
  readonly intOrString?: boolean;
  readonly embeddedResource?: boolean;
  readonly nullable?: boolean;
}
