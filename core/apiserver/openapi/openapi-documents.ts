import { createHash } from 'node:crypto';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { builtinDefinitions, definitionRefPrefix, refName, type Definitions, type RawSchema } from './definitions.js';

/** Options of {@link OpenApiDocuments}. */
export interface OpenApiDocumentsOptions {
  /** The built-in definitions (default: the generated file). */
  definitions?: Definitions;
  /**
   * Definitions added at runtime (CRD schemas), in the same swagger 2 form; read again after each
   * {@link OpenApiDocuments.invalidate}. They win over built-in definitions of the same name.
   */
  extraDefinitions?: () => Readonly<Record<string, RawSchema>>;
  /**
   * Whether a type is a custom resource: its PATCH operations then omit
   * `application/strategic-merge-patch+json`. Default: its schema is not a built-in definition.
   */
  isCustomResource?: (type: ResourceType) => boolean;
  /** `info.version` of the documents. */
  version?: string;
}

/** A served OpenAPI v3 document and the hash clients put in its URL. */
export interface OpenApiV3Document {
  body: string;
  hash: string;
}

type Gvk = { group: string; version: string; kind: string };
type Json = Record<string, unknown>;

const metaPrefix = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

const parameterText: Record<string, string> = {
  pretty:
    "If 'true', then the output is pretty printed. Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).",
  dryRun:
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  fieldManager:
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  fieldValidation:
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  force:
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  name: 'name of the resource',
  namespace: 'object name and auth scope, such as for teams and projects',
  labelSelector: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  fieldSelector: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  limit: 'limit is a maximum number of responses to return for a list call.',
  continue: 'The continue option should be set when retrieving more results from the server.',
  resourceVersion: 'resourceVersion sets a constraint on what resource versions a request may be served from.',
  watch:
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
  allowWatchBookmarks: 'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  timeoutSeconds:
    'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
  gracePeriodSeconds:
    'The duration in seconds before the object should be deleted. Value must be non-negative integer.',
  propagationPolicy:
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Deletecollection', 'Background' and 'Foreground'.",
};

/** The URL path of a group version's documents and API: `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** The Go-style name of a group in operation ids: `Core`, `Apps`, `RbacAuthorization`, `FlowcontrolApiserver`. */
function groupIdName(group: string): string {
  if (!group) return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sha512(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

/** The names of every definition reachable through `$ref`s from `roots` (cycles allowed). */
export function reachableDefinitions(
  roots: Iterable<string>,
  lookup: (name: string) => RawSchema | undefined,
): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string') {
          const n = refName(v);
          if (n !== undefined && !seen.has(n)) stack.push(n);
        } else visit(v);
      }
    }
  };
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const def = lookup(name);
    if (!def) continue;
    seen.add(name);
    visit(def);
  }
  return [...seen].sort();
}

/** Converts a swagger 2 schema to OpenAPI 3: component refs, and `allOf` around a `$ref` that has siblings. */
function toV3Schema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toV3Schema);
  if (!value || typeof value !== 'object') return value;
  const src = value as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' && typeof v === 'string') continue;
    out[k] = k === 'enum' || k === 'example' || k === 'default' ? v : toV3Schema(v);
  }
  if (typeof src.$ref === 'string') {
    const ref = `#/components/schemas/${refName(src.$ref) ?? src.$ref}`;
    if (Object.keys(out).length === 0) return { $ref: ref };
    return { allOf: [{ $ref: ref }], ...out };
  }
  return out;
}

/**
 * Builds and caches the OpenAPI documents the API server serves: the v3 index, one v3 document per
 * group version (what kubectl reads for field validation, client-side apply and explain), and the v2
 * swagger document. Documents are built on first request and kept until {@link invalidate}.
 */
export class OpenApiDocuments {
  private readonly builtin: Definitions;
  private v3Cache = new Map<string, OpenApiV3Document>();
  private indexCache?: string;
  private v2Cache?: string;
  private extraCache?: Readonly<Record<string, RawSchema>>;

  /** `types` is read again after each {@link invalidate}. */
  constructor(
    private readonly types: () => readonly ResourceType[],
    private readonly options: OpenApiDocumentsOptions = {},
  ) {
    this.builtin = options.definitions ?? builtinDefinitions();
  }

  /** Drops every cached document; call when the served resource types or CRD schemas change. Idempotent. */
  invalidate(): void {
    this.v3Cache = new Map();
    this.indexCache = undefined;
    this.v2Cache = undefined;
    this.extraCache = undefined;
  }

  /** `GET /openapi/v3`: `{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}, ...}}` as JSON text. */
  v3Index(): string {
    if (this.indexCache === undefined) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of this.groupVersions()) {
        const doc = this.v3Document(gv)!;
        paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${doc.hash}` };
      }
      this.indexCache = JSON.stringify({ paths });
    }
    return this.indexCache;
  }

  /** `GET /openapi/v3/<path>` (`api/v1`, `apis/apps/v1`): the document and its hash, or undefined if not served. */
  v3Document(path: string): OpenApiV3Document | undefined {
    const cached = this.v3Cache.get(path);
    if (cached) return cached;
    const types = this.types().filter((t) => groupVersionPath(t.group, t.version) === path);
    if (types.length === 0) return undefined;
    const body = JSON.stringify(this.buildV3(types));
    const doc = { body, hash: sha512(body) };
    this.v3Cache.set(path, doc);
    return doc;
  }

  /** `GET /openapi/v2`: the swagger 2.0 document of every served group version, as JSON text. */
  v2(): string {
    this.v2Cache ??= JSON.stringify(this.buildV2(this.types()));
    return this.v2Cache;
  }

  /** The served group-version paths, core first, in registration order. */
  private groupVersions(): string[] {
    const out: string[] = [];
    for (const t of this.types()) {
      const gv = groupVersionPath(t.group, t.version);
      if (!out.includes(gv)) out.push(gv);
    }
    return out.sort((a, b) => (a.startsWith('api/') ? -1 : b.startsWith('api/') ? 1 : a.localeCompare(b)));
  }

  private definition(name: string): RawSchema | undefined {
    this.extraCache ??= this.options.extraDefinitions?.() ?? {};
    return this.extraCache[name] ?? this.builtin[name];
  }

  private isCustom(type: ResourceType): boolean {
    if (this.options.isCustomResource) return this.options.isCustomResource(type);
    return !type.schemaName || this.builtin[type.schemaName] === undefined;
  }

  private listSchemaName(type: ResourceType): string | undefined {
    const name = type.schemaName ? `${type.schemaName}List` : undefined;
    return name && this.definition(name) ? name : undefined;
  }

  /** The definitions a set of types needs, each kind schema carrying its GVK array. */
  private schemasFor(types: readonly ResourceType[]): Record<string, RawSchema> {
    const roots = new Set<string>([`${metaPrefix}.Status`, `${metaPrefix}.DeleteOptions`, `${metaPrefix}.Patch`]);
    for (const t of types) {
      if (t.schemaName) roots.add(t.schemaName);
      const list = this.listSchemaName(t);
      if (list) roots.add(list);
      if (t.scaleSubresource || t.extraSubresources?.some((s) => s.name === 'scale'))
        roots.add('io.k8s.api.autoscaling.v1.Scale');
    }
    const out: Record<string, RawSchema> = {};
    for (const name of reachableDefinitions(roots, (n) => this.definition(n))) out[name] = this.definition(name)!;
    for (const t of types) {
      const addGvk = (name: string | undefined, kind: string): void => {
        const def = name ? out[name] : undefined;
        if (!def || !name) return;
        const gvks = def['x-kubernetes-group-version-kind'] ?? [];
        if (!gvks.some((g) => g.group === t.group && g.version === t.version && g.kind === kind)) {
          out[name] = {
            ...def,
            'x-kubernetes-group-version-kind': [...gvks, { group: t.group, kind, version: t.version }],
          };
        }
      };
      addGvk(t.schemaName, t.kind);
      addGvk(this.listSchemaName(t), `${t.kind}List`);
    }
    return out;
  }

  private buildV3(types: readonly ResourceType[]): Json {
    const schemas: Json = {};
    for (const [name, def] of Object.entries(this.schemasFor(types))) schemas[name] = toV3Schema(def);
    const paths: Json = {};
    for (const t of types) Object.assign(paths, this.pathsFor(t, 'v3'));
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: this.options.version ?? 'v1.32.0' },
      paths,
      components: {
        schemas,
        securitySchemes: {
          BearerToken: {
            type: 'apiKey',
            name: 'authorization',
            in: 'header',
            description: 'Bearer Token authentication',
          },
        },
      },
      security: [{ BearerToken: [] }],
    };
  }

  private buildV2(types: readonly ResourceType[]): Json {
    const paths: Json = {};
    for (const t of types) Object.assign(paths, this.pathsFor(t, 'v2'));
    return {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: this.options.version ?? 'v1.32.0' },
      paths,
      definitions: this.schemasFor(types),
      securityDefinitions: {
        BearerToken: {
          type: 'apiKey',
          name: 'authorization',
          in: 'header',
          description: 'Bearer Token authentication',
        },
      },
      security: [{ BearerToken: [] }],
    };
  }

  /** The path items of one resource (collection, item, all-namespaces list, status and scale). */
  private pathsFor(t: ResourceType, form: 'v2' | 'v3'): Json {
    const verbs = new Set(
      t.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    );
    const base = `/${groupVersionPath(t.group, t.version)}`;
    const collection = t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}` : `${base}/${t.plural}`;
    const item = `${collection}/{name}`;
    const gvk: Gvk = { group: t.group, version: t.version, kind: t.kind };
    const scope = t.namespaced ? 'Namespaced' : '';
    const idBase = `${groupIdName(t.group)}${upperFirst(t.version)}`;
    const tag = `${t.group ? groupIdName(t.group).charAt(0).toLowerCase() + groupIdName(t.group).slice(1) : 'core'}_${t.version}`;
    const kindRef = t.schemaName;
    const listRef = this.listSchemaName(t);
    const smp = !this.isCustom(t);
    const op = new OperationBuilder(form, tag);
    const pathParams = (withName: boolean): Json[] => [
      ...(withName ? [op.param('name', 'path', true)] : []),
      ...(t.namespaced ? [op.param('namespace', 'path', true)] : []),
      op.param('pretty', 'query'),
    ];
    const out: Json = {};

    const coll: Json = { parameters: pathParams(false) };
    if (verbs.has('list')) {
      coll.get = op.operation({
        id: `list${idBase}${scope}${t.kind}`,
        action: 'list',
        description: `list or watch objects of kind ${t.kind}`,
        gvk,
        query: [
          'allowWatchBookmarks',
          'continue',
          'fieldSelector',
          'labelSelector',
          'limit',
          'resourceVersion',
          'timeoutSeconds',
          'watch',
        ],
        responses: { '200': listRef },
      });
    }
    if (verbs.has('create')) {
      coll.post = op.operation({
        id: `create${idBase}${scope}${t.kind}`,
        action: 'post',
        description: `create a ${t.kind}`,
        gvk,
        query: ['dryRun', 'fieldManager', 'fieldValidation'],
        body: kindRef,
        responses: { '200': kindRef, '201': kindRef, '202': kindRef },
      });
    }
    if (verbs.has('deletecollection')) {
      coll.delete = op.operation({
        id: `delete${idBase}Collection${scope}${t.kind}`,
        action: 'deletecollection',
        description: `delete collection of ${t.kind}`,
        gvk,
        query: [
          'continue',
          'dryRun',
          'fieldSelector',
          'gracePeriodSeconds',
          'labelSelector',
          'limit',
          'propagationPolicy',
          'resourceVersion',
          'timeoutSeconds',
        ],
        body: `${metaPrefix}.DeleteOptions`,
        bodyOptional: true,
        responses: { '200': `${metaPrefix}.Status` },
      });
    }
    if (Object.keys(coll).length > 1) out[collection] = coll;

    const itemOps = (suffix: string, subresourceKind: Gvk, ref: string | undefined, allow: Set<string>): Json => {
      const ops: Json = { parameters: pathParams(true) };
      const what = suffix ? `${suffix.toLowerCase()} of the specified ${t.kind}` : `the specified ${t.kind}`;
      if (allow.has('get')) {
        ops.get = op.operation({
          id: `read${idBase}${scope}${t.kind}${suffix}`,
          action: 'get',
          description: `read ${what}`,
          gvk: subresourceKind,
          query: [],
          responses: { '200': ref },
        });
      }
      if (allow.has('update')) {
        ops.put = op.operation({
          id: `replace${idBase}${scope}${t.kind}${suffix}`,
          action: 'put',
          description: `replace ${what}`,
          gvk: subresourceKind,
          query: ['dryRun', 'fieldManager', 'fieldValidation'],
          body: ref,
          responses: { '200': ref, '201': ref },
        });
      }
      if (allow.has('patch')) {
        ops.patch = op.operation({
          id: `patch${idBase}${scope}${t.kind}${suffix}`,
          action: 'patch',
          description: `partially update ${what}`,
          gvk: subresourceKind,
          query: ['dryRun', 'fieldManager', 'fieldValidation', 'force'],
          body: `${metaPrefix}.Patch`,
          patch: smp ? patchTypes : patchTypes.filter((p) => p !== 'application/strategic-merge-patch+json'),
          responses: { '200': ref, '201': ref },
        });
      }
      if (allow.has('delete')) {
        ops.delete = op.operation({
          id: `delete${idBase}${scope}${t.kind}`,
          action: 'delete',
          description: `delete ${what}`,
          gvk: subresourceKind,
          query: ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'],
          body: `${metaPrefix}.DeleteOptions`,
          bodyOptional: true,
          responses: { '200': ref, '202': ref },
        });
      }
      return ops;
    };
    const itemItem = itemOps('', gvk, kindRef, verbs);
    if (Object.keys(itemItem).length > 1) out[item] = itemItem;

    if (t.namespaced && verbs.has('list')) {
      out[`${base}/${t.plural}`] = {
        parameters: [op.param('pretty', 'query')],
        get: op.operation({
          id: `list${idBase}${t.kind}ForAllNamespaces`,
          action: 'list',
          description: `list or watch objects of kind ${t.kind}`,
          gvk,
          query: [
            'allowWatchBookmarks',
            'continue',
            'fieldSelector',
            'labelSelector',
            'limit',
            'resourceVersion',
            'timeoutSeconds',
            'watch',
          ],
          responses: { '200': listRef },
        }),
      };
    }
    if (t.statusSubresource)
      out[`${item}/status`] = itemOps('Status', gvk, kindRef, new Set(['get', 'update', 'patch']));
    if (t.scaleSubresource) {
      out[`${item}/scale`] = itemOps(
        'Scale',
        { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        'io.k8s.api.autoscaling.v1.Scale',
        new Set(['get', 'update', 'patch']),
      );
    }
    return out;
  }
}

/** Builds operations in the v2 or v3 shape. */
class OperationBuilder {
  constructor(
    private readonly form: 'v2' | 'v3',
    private readonly tag: string,
  ) {}

  private ref(name: string): Json {
    return { $ref: this.form === 'v3' ? `#/components/schemas/${name}` : `${definitionRefPrefix}${name}` };
  }

  param(name: string, where: 'path' | 'query', required = false): Json {
    const type =
      name === 'limit' || name === 'timeoutSeconds' || name === 'gracePeriodSeconds'
        ? 'integer'
        : name === 'watch' || name === 'allowWatchBookmarks' || name === 'force'
          ? 'boolean'
          : 'string';
    const p: Json = { name, in: where, description: parameterText[name] ?? name };
    if (required) p.required = true;
    if (this.form === 'v3') p.schema = { type, uniqueItems: true };
    else {
      p.type = type;
      p.uniqueItems = true;
    }
    return p;
  }

  operation(spec: {
    id: string;
    action: string;
    description: string;
    gvk: Gvk;
    query: string[];
    body?: string;
    bodyOptional?: boolean;
    patch?: string[];
    responses: Record<string, string | undefined>;
  }): Json {
    const produces = ['application/json', 'application/yaml'];
    const responses: Json = {};
    const statusText: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };
    for (const [code, ref] of Object.entries(spec.responses)) {
      if (this.form === 'v3') {
        const content: Json = {};
        for (const m of produces) content[m] = ref ? { schema: this.ref(ref) } : {};
        responses[code] = { description: statusText[code] ?? code, content };
      } else
        responses[code] = ref
          ? { description: statusText[code] ?? code, schema: this.ref(ref) }
          : { description: statusText[code] ?? code };
    }
    responses['401'] = { description: 'Unauthorized' };
    const op: Json = {
      description: spec.description,
      operationId: spec.id,
      tags: [this.tag],
      parameters: spec.query.map((q) => this.param(q, 'query')),
      responses,
      'x-kubernetes-action': spec.action,
      'x-kubernetes-group-version-kind': { group: spec.gvk.group, kind: spec.gvk.kind, version: spec.gvk.version },
    };
    if (spec.body) {
      const media = spec.patch ?? ['*/*'];
      if (this.form === 'v3') {
        const content: Json = {};
        for (const m of media) content[m] = { schema: this.ref(spec.body) };
        op.requestBody = { content, required: !spec.bodyOptional };
      } else {
        (op.parameters as Json[]).unshift({
          name: 'body',
          in: 'body',
          required: !spec.bodyOptional,
          schema: this.ref(spec.body),
        });
        if (spec.patch) op.consumes = spec.patch;
        else op.consumes = ['*/*'];
      }
    }
    if (this.form === 'v2') {
      op.produces = produces;
      op.schemes = ['https'];
    }
    return op;
  }
}
