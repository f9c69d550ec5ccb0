/**
 * The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition that codegen reads. The SDK
 * keeps its own copy of these shapes so that it does not depend on the core.
 */

/** One node of a version's `openAPIV3Schema`. */
export interface CrdSchema {
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  allOf?: CrdSchema[];
  anyOf?: CrdSchema[];
  oneOf?: CrdSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [extension: string]: unknown;
}

/** A CustomResourceDefinition as read from YAML or JSON. */
export interface CrdDocument {
  apiVersion: string;
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { plural: string; singular?: string; kind: string; listKind?: string };
    versions: Array<{
      name: string;
      served?: boolean;
      storage?: boolean;
      deprecated?: boolean;
      schema?: { openAPIV3Schema?: CrdSchema };
    }>;
  };
}

/** Whether a parsed document is a v1 CustomResourceDefinition. */
export function isCrdDocument(doc: unknown): doc is CrdDocument {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Record<string, any>;
  return (
    d.kind === 'CustomResourceDefinition' &&
    typeof d.apiVersion === 'string' &&
    d.apiVersion.startsWith('apiextensions.k8s.io/') &&
    typeof d.spec?.group === 'string' &&
    typeof d.spec?.names?.kind === 'string' &&
    Array.isArray(d.spec?.versions)
  );
}
