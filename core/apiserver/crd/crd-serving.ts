import type { Logger } from 'pino';
import type { ApiServer } from '../api-server.js';
import type { ApiMachinery } from '../machinery.js';
import type { RawSchema } from '../openapi/definitions.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { loadCelEngine, type CelEngine } from './cel-engine.js';
import { CrdController } from './crd-controller.js';
import { CustomResourceSchemas } from './custom-resource-schemas.js';

/** CRD serving as the control plane wires it: before the API server is built, then started with it. */
export interface CrdServing {
  /** The schemas of the served custom resources. */
  readonly schemas: CustomResourceSchemas;
  /** The machinery the API server should use (custom resource schemas added). */
  wrapMachinery(machinery: ApiMachinery): ApiMachinery;
  /** The OpenAPI definitions of served custom resources (pass as OpenApiDocuments' extraDefinitions). */
  extraDefinitions(): Readonly<Record<string, RawSchema>>;
  /** Starts the CRD controller on a started API server; resolves once existing CRDs are served. */
  start(api: ApiServer): Promise<void>;
  /** The running controller (after start). */
  readonly controller: CrdController | undefined;
  /** Stops the controller. Idempotent. */
  stop(): void;
}

/**
 * Creates CRD serving for a registry. `cel` overrides the CEL engine (default: the
 * `@marcbachmann/cel-js` package when installed; `null` disables CEL rules).
 */
export function createCrdServing(
  registry: ResourceRegistry,
  logger: Logger,
  options: { cel?: CelEngine | null; clock?: () => Date } = {},
): CrdServing {
  const schemas = new CustomResourceSchemas();
  let controller: CrdController | undefined;
  return {
    schemas,
    wrapMachinery: (m) => schemas.wrapMachinery(m),
    extraDefinitions: () => schemas.definitions(),
    get controller() {
      return controller;
    },
    async start(api) {
      const cel = options.cel === null ? undefined : (options.cel ?? (await loadCelEngine()));
      if (!cel) logger.info('no CEL engine installed; x-kubernetes-validations rules are not enforced');
      controller = new CrdController({
        storage: api.storage,
        cache: api.cache,
        registry,
        schemas,
        logger,
        cel,
        clock: options.clock,
      });
      await controller.start();
    },
    stop() {
      controller?.stop();
    },
  };
}
