import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ApiMachinery } from '../machinery.js';
import type { RawSchema } from '../openapi/definitions.js';
import type { SchemaNode } from '../schema/schema-node.js';
import { apiErrors } from '../status.js';
import type { CustomResourceVersion } from './custom-resource-version.js';
import { isCustomResourceRoot } from './structural-schema-node.js';

/** The patch types a custom resource accepts (no strategic merge patch, as in Kubernetes). */
export const customResourcePatchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/**
 * The schemas of the custom resource versions being served, by group/version/plural: what the API
 * machinery (pruning, field validation, apply) and the OpenAPI documents read for CRDs.
 */
export class CustomResourceSchemas {
  private readonly byCrd = new Map<string, CustomResourceVersion[]>();
  private readonly byGvr = new Map<string, CustomResourceVersion>();
  private definitionsCache?: Record<string, RawSchema>;

  /** Replaces the served versions of one CRD (by its name). */
  set(crdName: string, versions: readonly CustomResourceVersion[]): void {
    this.remove(crdName);
    this.byCrd.set(crdName, [...versions]);
    for (const v of versions) this.byGvr.set(gvr(v.type), v);
    this.definitionsCache = undefined;
  }

  /** Forgets the versions of one CRD. Idempotent. */
  remove(crdName: string): void {
    for (const v of this.byCrd.get(crdName) ?? []) {
      if (this.byGvr.get(gvr(v.type)) === v) this.byGvr.delete(gvr(v.type));
    }
    this.byCrd.delete(crdName);
    this.definitionsCache = undefined;
  }

  /** The served version a resource type belongs to, if it is a custom resource registered here. */
  lookup(type: ResourceType): CustomResourceVersion | undefined {
    const v = this.byGvr.get(gvr(type));
    return v && v.type === type ? v : undefined;
  }

  /** The versions served for one CRD. */
  versionsOf(crdName: string): readonly CustomResourceVersion[] {
    return this.byCrd.get(crdName) ?? [];
  }

  /** The OpenAPI definitions of every served custom resource version (for OpenApiDocuments' extraDefinitions). */
  definitions(): Readonly<Record<string, RawSchema>> {
    if (!this.definitionsCache) {
      const out: Record<string, RawSchema> = {};
      for (const versions of this.byCrd.values()) for (const v of versions) Object.assign(out, v.definitions);
      this.definitionsCache = out;
    }
    return this.definitionsCache;
  }

  /**
   * The API machinery with custom resources added: their structural schemas for pruning, unknown
   * field checks and apply; no decoder type errors (a wrong type is a 422 from schema validation
   * instead, as for CRs in Kubernetes); strategic merge patch answered with 415.
   */
  wrapMachinery(base: ApiMachinery): ApiMachinery {
    const schemas = this;
    const wrapped: ApiMachinery = Object.create(base) as ApiMachinery;
    return Object.assign(wrapped, {
      schemaFor(type: ResourceType): SchemaNode | undefined {
        return schemas.lookup(type)?.node ?? base.schemaFor(type);
      },
      typeError(obj: unknown, schema: SchemaNode, kind: string, version: string): Error | undefined {
        if (isCustomResourceRoot(schema)) return undefined;
        return base.typeError(obj, schema, kind, version);
      },
      strategicMergePatch(original: unknown, patch: unknown, schema: SchemaNode | undefined): unknown {
        if (isCustomResourceRoot(schema)) {
          throw apiErrors.unsupportedMediaType('application/strategic-merge-patch+json', customResourcePatchTypes);
        }
        return base.strategicMergePatch(original, patch, schema);
      },
    });
  }
}

function gvr(t: ResourceType): string {
  return `${t.group}/${t.version}/${t.plural}`;
}
