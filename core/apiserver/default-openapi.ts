import type { OpenApiProvider } from './api-server.js';
import { OpenApiDocuments } from './openapi/openapi-documents.js';
import type { ResourceRegistry } from './registry/resource-registry.js';

/** The OpenAPI documents of the registry's resources, rebuilt when the registry changes. */
export function createOpenApiProvider(registry: ResourceRegistry): OpenApiProvider {
  const docs = new OpenApiDocuments(() => registry.all());
  registry.onChange(() => docs.invalidate());
  return docs;
}
