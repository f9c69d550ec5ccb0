import type { OpenApiProvider } from '../api-server.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { OpenApiDocuments, type OpenApiDocumentsOptions } from './openapi-documents.js';

/** An OpenApiProvider that also lets its owner drop the cached documents. */
export interface InvalidatableOpenApiProvider extends OpenApiProvider {
  /** Drops the cached documents (done automatically on every registry change). */
  invalidate(): void;
  /** Stops following the registry. */
  close(): void;
}

/**
 * The OpenAPI documents of everything a registry serves, rebuilt lazily after each registry change
 * (CRDs added or removed). Pass `extraDefinitions` for schemas that are not built in (CRDs).
 */
export function createOpenApiProvider(
  registry: ResourceRegistry,
  options: OpenApiDocumentsOptions = {},
): InvalidatableOpenApiProvider {
  const docs = new OpenApiDocuments(() => registry.all(), options);
  const unsubscribe = registry.onChange(() => docs.invalidate());
  return {
    v2: () => docs.v2(),
    v3Index: () => docs.v3Index(),
    v3Document: (path) => docs.v3Document(path),
    invalidate: () => docs.invalidate(),
    close: () => unsubscribe(),
  };
}
