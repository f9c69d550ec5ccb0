import type { FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceStrategy, ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy } from '../../../sdk/api/validation/index.js';
import type { RawSchema } from '../openapi/definitions.js';
import { pruneUnknownFields } from '../openapi/field-validation.js';
import { tableForCustomColumns } from '../printers/custom-columns-printer.js';
import type { SchemaNode } from '../schema/schema-node.js';
import type { CelEngine } from './cel-engine.js';
import { validateCelRules } from './cel-validation.js';
import type { CrdVersion, CustomResourceDefinition, JsonSchemaProps } from './crd-shapes.js';
import { applySchemaDefaults } from './schema-defaulter.js';
import { validateListSetsAndMaps, validateValue } from './schema-validator.js';
import { structuralRootNode } from './structural-schema-node.js';

/** One served version of a CRD: what the registry, the machinery and OpenAPI need. */
export interface CustomResourceVersion {
  /** The name of the CRD it comes from (`widgets.example.com`). */
  readonly crdName: string;
  readonly type: ResourceType;
  /** The version's openAPIV3Schema, if it has one. */
  readonly schema: JsonSchemaProps | undefined;
  /** The structural schema as a SchemaNode (pruning, field validation, server-side apply). */
  readonly node: SchemaNode;
  /** The OpenAPI definitions of the kind and its list (swagger 2 form), by definition name. */
  readonly definitions: Readonly<Record<string, RawSchema>>;
}

/** `com.example.stable.v1.CronTab`: the OpenAPI definition name Kubernetes gives a CRD version's kind. */
export function customResourceDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string of a JSON value for a field selector (as the apiserver prints selectable field values). */
function selectorText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function readJsonPath(obj: unknown, jsonPath: string): unknown {
  let cur: unknown = obj;
  for (const part of jsonPath.replace(/^\./, '').split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** The write behaviour of a custom resource version: pruning, defaulting, schema and CEL validation. */
export function customResourceStrategy(
  crd: CustomResourceDefinition,
  version: CrdVersion,
  node: SchemaNode,
  cel: CelEngine | undefined,
): ResourceStrategy {
  const schema = version.schema?.openAPIV3Schema;
  const namespaced = crd.spec.scope === 'Namespaced';
  const validate = (obj: KubeObject, old?: KubeObject): FieldCause[] => {
    if (!schema) return [];
    const causes = [...validateValue(rootView(obj), rootSchema(schema)), ...validateListSetsAndMaps(obj, schema)];
    if (cel) causes.push(...validateCelRules(cel, rootView(obj), old && rootView(old), rootSchema(schema)));
    return causes;
  };
  const storageVersion = crd.spec.versions.find((v) => v.storage)?.name;
  const selectable = (version.selectableFields ?? []).map((f) => f.jsonPath);
  const base = buildStrategy({
    namespaced,
    defaults(obj) {
      // Conversion strategy None: the object is stored as the storage version with only apiVersion changed.
      if (storageVersion) obj.apiVersion = `${crd.spec.group}/${storageVersion}`;
      pruneUnknownFields(obj, node);
      if (schema) applySchemaDefaults(obj, schema, true);
    },
    validate: (obj) => validate(obj),
    validateUpdate: (obj, old) => {
      // Transition rules (oldSelf) only run on update; the rest ran in validate().
      if (!schema || !cel) return [];
      const all = validateCelRules(cel, rootView(obj), rootView(old), rootSchema(schema));
      const plain = validateCelRules(cel, rootView(obj), undefined, rootSchema(schema));
      const seen = new Set(plain.map((c) => `${c.field}\u0000${c.message}`));
      return all.filter((c) => !seen.has(`${c.field}\u0000${c.message}`));
    },
    selectableFields:
      selectable.length > 0
        ? (obj) => Object.fromEntries(selectable.map((p) => [p.replace(/^\./, ''), selectorText(readJsonPath(obj, p))]))
        : undefined,
  });
  return { ...base, printer: tableForCustomColumns(version.additionalPrinterColumns) };
}

/** The object without apiVersion, kind and metadata (validated elsewhere, as ObjectMeta). */
function rootView(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  return rest;
}

/** The root schema without its metadata, apiVersion and kind properties and their requirements. */
function rootSchema(schema: JsonSchemaProps): JsonSchemaProps {
  const props = { ...(schema.properties ?? {}) };
  delete props.metadata;
  delete props.apiVersion;
  delete props.kind;
  const required = schema.required?.filter((r) => r !== 'metadata' && r !== 'apiVersion' && r !== 'kind');
  return { ...schema, properties: props, required };
}

/** The OpenAPI form of a version's schema: the root gains apiVersion, kind and ObjectMeta. */
function kindDefinition(crd: CustomResourceDefinition, schema: JsonSchemaProps | undefined): RawSchema {
  const s = structuredClone(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as RawSchema;
  s.type ??= 'object';
  s.properties = {
    apiVersion: {
      description:
        'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
      type: 'string',
    },
    kind: {
      description:
        'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
      type: 'string',
    },
    metadata: {
      description:
        "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    },
    ...Object.fromEntries(
      Object.entries((s.properties ?? {}) as Record<string, RawSchema>).filter(
        ([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata',
      ),
    ),
  };
  void crd;
  return s;
}

function listDefinition(crd: CustomResourceDefinition, itemName: string): RawSchema {
  const kind = crd.spec.names.kind;
  const listKind = crd.spec.names.listKind ?? `${kind}List`;
  return {
    description: `${listKind} is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: {
        description:
          'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
        type: 'string',
      },
      items: {
        description: `List of ${crd.spec.names.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: `#/definitions/${itemName}` },
      },
      kind: {
        description:
          'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        type: 'string',
      },
      metadata: {
        description:
          'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
      },
    },
  };
}

/**
 * The served versions of a CRD as resource types, each with its strategy (pruning, defaulting,
 * validation, CEL rules when an engine is given), printer columns, subresources and OpenAPI
 * definitions. Versions with `served: false` are left out. Pure; does not register anything.
 */
export function customResourceVersions(crd: CustomResourceDefinition, cel?: CelEngine): CustomResourceVersion[] {
  const { group, names, scope } = crd.spec;
  const out: CustomResourceVersion[] = [];
  for (const v of crd.spec.versions ?? []) {
    if (!v.served) continue;
    const schema = v.schema?.openAPIV3Schema;
    const node = structuralRootNode(schema);
    const schemaName = customResourceDefinitionName(group, v.name, names.kind);
    const scale = v.subresources?.scale;
    const type: ResourceType = {
      group,
      version: v.name,
      kind: names.kind,
      plural: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      namespaced: scope === 'Namespaced',
      shortNames: names.shortNames?.length ? [...names.shortNames] : undefined,
      categories: names.categories?.length ? [...names.categories] : undefined,
      statusSubresource: v.subresources?.status !== undefined,
      scaleSubresource: scale
        ? {
            specReplicasPath: scale.specReplicasPath,
            statusReplicasPath: scale.statusReplicasPath,
            labelSelectorPath: scale.labelSelectorPath,
          }
        : undefined,
      schemaName,
      tracksGeneration: true,
      strategy: customResourceStrategy(crd, v, node, cel),
    };
    out.push({
      crdName: crd.metadata.name ?? '',
      type,
      schema,
      node,
      definitions: {
        [schemaName]: kindDefinition(crd, schema),
        [`${schemaName}List`]: listDefinition(crd, schemaName),
      },
    });
  }
  return out;
}
