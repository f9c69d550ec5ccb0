import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType, TablePrinter } from '../../sdk/api/resource-type.js';
import type { SchemaNode } from './schema/schema-node.js';

/** A field another manager owns, found while applying. */
export interface ApplyConflict {
  manager: string;
  field: string;
}

/**
 * The object-level algorithms the request handlers use (schemas, field validation, patches,
 * server-side apply, printing), behind one seam so that the handlers stay about HTTP and storage.
 */
export interface ApiMachinery {
  /** The resolved schema of a kind, if known. */
  schemaFor(type: ResourceType): SchemaNode | undefined;
  /** Paths of fields the schema does not know (e.g. `spec.foo`), in apiserver notation. */
  unknownFields(obj: unknown, schema: SchemaNode): string[];
  /**
   * The 400 the decoder answers when a field has the wrong JSON type (a string where an integer
   * belongs), or undefined when every field has its type.
   */
  typeError(obj: unknown, schema: SchemaNode, kind: string, version: string): Error | undefined;
  /** Removes the fields {@link unknownFields} reports (the decoder drops them for built-in kinds). */
  pruneUnknownFields(obj: unknown, schema: SchemaNode): void;
  /** The Table printer of a kind (its own, or the default Name/Created At columns). */
  printer(type: ResourceType): TablePrinter;
  /** A meta.k8s.io/v1 Table of objects of a kind, for server-side printing. */
  table(
    type: ResourceType,
    objects: KubeObject[],
    options: {
      now: Date;
      includeObject: 'None' | 'Metadata' | 'Object';
      resourceVersion?: string;
      continue?: string;
      remainingItemCount?: number;
    },
  ): unknown;
  /** RFC 7386 JSON merge patch; does not mutate. */
  mergePatch(original: unknown, patch: unknown): unknown;
  /** RFC 6902 JSON patch; throws a StatusError (400/422) on a bad patch; does not mutate. */
  jsonPatch(original: unknown, ops: unknown): unknown;
  /** Strategic merge patch; throws a StatusError on a bad patch; does not mutate. */
  strategicMergePatch(original: unknown, patch: unknown, schema: SchemaNode | undefined): unknown;
  /** Server-side apply of `applied` by `manager` onto `live` (undefined to create). */
  apply(input: {
    live: KubeObject | undefined;
    applied: KubeObject;
    manager: string;
    force: boolean;
    schema: SchemaNode | undefined;
    apiVersion: string;
    now: Date;
    subresource?: string;
    ignoreStatus: boolean;
  }): { ok: true; object: KubeObject } | { ok: false; conflicts: ApplyConflict[] };
  /** Updates metadata.managedFields of `next` for a non-apply write by `manager`. */
  trackUpdate(input: {
    previous: KubeObject | undefined;
    next: KubeObject;
    manager: string;
    schema: SchemaNode | undefined;
    apiVersion: string;
    now: Date;
    subresource?: string;
    ignoreStatus: boolean;
  }): void;
  /** The 409 message and causes for apply conflicts. */
  conflictStatus(
    conflicts: ApplyConflict[],
    apiVersion: string,
  ): { message: string; causes: Array<{ reason: string; message: string; field: string }> };
  /** Decodes a Kubernetes protobuf request body into a JSON object; throws on bad input. */
  decodeProtobuf(body: Buffer): { apiVersion: string; kind: string; object: Record<string, unknown> };
}
