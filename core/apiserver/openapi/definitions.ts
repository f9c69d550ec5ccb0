import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One OpenAPI schema as stored in the definitions file (swagger 2 style: `$ref`s point at
 * `#/definitions/<name>`, Kubernetes extensions under their `x-kubernetes-*` names).
 */
export interface RawSchema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, RawSchema>;
  additionalProperties?: RawSchema | boolean;
  items?: RawSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: string]: unknown;
}

/** Definition name -> schema. */
export type Definitions = Readonly<Record<string, RawSchema>>;

/** The prefix of every `$ref` in the definitions file. */
export const definitionRefPrefix = '#/definitions/';

const fileName = 'definitions.json';
let cached: Definitions | undefined;

/**
 * The OpenAPI definitions of the built-in kinds (core/apiserver/openapi/generated/definitions.json,
 * produced by `node scripts/gen-openapi.mjs`). Read and parsed on the first call, then shared;
 * callers must not mutate the result. Throws if the file is missing (a broken checkout).
 */
export function builtinDefinitions(): Definitions {
  if (!cached) {
    const file = locateDefinitionsFile();
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, RawSchema> };
    cached = Object.freeze(parsed.definitions);
  }
  return cached;
}

/** The name a `$ref` points at, or undefined for a ref outside the definitions. */
export function refName(ref: string): string | undefined {
  if (ref.startsWith(definitionRefPrefix)) return ref.slice(definitionRefPrefix.length);
  if (ref.startsWith('#/components/schemas/')) return ref.slice('#/components/schemas/'.length);
  return undefined;
}

function locateDefinitionsFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Next to the module (source tree or a build that copies the JSON), or in the source tree from dist/.
  const candidates = [
    join(here, 'generated', fileName),
    join(here, '../../../../core/apiserver/openapi/generated', fileName),
  ];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(
    `OpenAPI definitions not found (looked in ${candidates.join(', ')}); run node scripts/gen-openapi.mjs`,
  );
}
