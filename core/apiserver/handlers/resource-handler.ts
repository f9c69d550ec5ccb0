import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { FieldCause } from '../../../sdk/api/field-cause.js';
import { CompactedError } from '../../store/store.js';
import type { ApiMachinery } from '../machinery.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { mediaType, parseJsonObject, parseYamlObject } from '../request/body.js';
import type { ResourceRequestInfo } from '../request/request-info.js';
import { parseFieldSelector, type FieldSelector } from '../selectors/field-selector.js';
import { parseLabelSelector, type LabelSelector } from '../selectors/label-selector.js';
import { StatusError, apiErrors } from '../status.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import {
  apiVersionOf,
  generateNameSuffix,
  prepareForCreate,
  prepareForStatusUpdate,
  prepareForUpdate,
  rfc3339,
  semanticallyEqual,
} from './object-lifecycle.js';
import { parseWriteOptions, type WriteOptions } from './write-options.js';
import type { MutatingAdmission } from '../admission/admission.js';

/** One request to a resource, after routing and authentication. */
export interface ResourceRequest {
  readonly info: ResourceRequestInfo;
  readonly type: ResourceType;
  readonly query: URLSearchParams;
  readonly contentType?: string;
  readonly userAgent?: string;
  readonly body?: Buffer;
  /** Texts for `Warning: 299` response headers, appended by handlers. */
  readonly warnings: string[];
}

/** A handler's answer: an HTTP code and a JSON body. */
export interface ResourceResponse {
  code: number;
  body: unknown;
}

/** What a list or watch narrows to. */
export interface ListFilter {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
}

const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
const bodyTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const maxCasRetries = 10;

/**
 * CRUD, list and patch semantics of the Kubernetes API for every registered resource:
 * defaulting, validation, field validation, optimistic concurrency, generation, status
 * subresource, finalizers, graceful deletion and dry-run.
 */
export class ResourceHandler {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly registry: ResourceRegistry,
    private readonly machinery: ApiMachinery,
    private readonly clock: () => Date = () => new Date(),
    private readonly admission: MutatingAdmission[] = [],
  ) {}

  private async admit(
    op: 'CREATE' | 'UPDATE',
    type: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
    dryRun: boolean,
  ): Promise<void> {
    for (const a of this.admission) if (a.handles(type)) await a.admit(op, type, obj, old, dryRun);
  }

  async get(req: ResourceRequest): Promise<ResourceResponse> {
    const { type, info } = req;
    const obj = await this.storage.get(type, info.namespace, info.name!);
    if (!obj) throw apiErrors.notFound(type.group, type.plural, info.name!);
    return { code: 200, body: this.output(type, obj, info.subresource) };
  }

  /** Parses the selectors of a list or watch request. */
  filterOf(req: ResourceRequest): ListFilter {
    const fields = parseFieldSelector(req.query.get('fieldSelector') ?? undefined);
    for (const r of fields.requirements) {
      if (!this.selectable(req.type, r.field)) {
        throw apiErrors.badRequest(`field label not supported: ${r.field}`);
      }
    }
    return {
      namespace: req.info.namespace,
      labels: parseLabelSelector(req.query.get('labelSelector') ?? undefined),
      fields,
    };
  }

  /** True when the object passes the filter. */
  matches(type: ResourceType, filter: ListFilter, obj: KubeObject): boolean {
    if (!filter.labels.matches(obj.metadata.labels)) return false;
    if (filter.fields.requirements.length === 0) return true;
    return filter.fields.matches(this.fieldsOf(type, obj));
  }

  async list(
    req: ResourceRequest,
  ): Promise<{ items: KubeObject[]; revision: number; continue?: string; remaining?: number }> {
    const { type, query } = req;
    const filter = this.filterOf(req);
    const limit = parseNonNegativeInt(query.get('limit'), 'limit');
    const rv = query.get('resourceVersion') ?? '';
    const match = query.get('resourceVersionMatch') ?? '';
    if (match && !['Exact', 'NotOlderThan'].includes(match)) {
      throw apiErrors.badRequest(
        `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
      );
    }
    if (match && !rv)
      throw invalidList(
        'resourceVersionMatch',
        'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      );
    let revision = 0;
    let after: string | undefined;
    const token = query.get('continue');
    if (token) {
      if (rv && rv !== '0')
        throw invalidList(
          'resourceVersion',
          'Forbidden: specifying resource version is not allowed when using continue',
        );
      ({ revision, after } = decodeContinue(token));
    } else if (rv && match === 'Exact') {
      revision = parseRevision(rv);
    } else if (rv && rv !== '0') {
      const wanted = parseRevision(rv);
      const current = await this.storage.store.currentRevision();
      if (wanted > current) {
        throw new StatusError(504, 'Timeout', `Too large resource version: ${wanted}, current: ${current}`, {
          causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
          retryAfterSeconds: 1,
        });
      }
    }
    const items: KubeObject[] = [];
    const pageSize = limit && limit > 0 ? limit : 0;
    let more = false;
    let remaining = 0;
    let lastKey: string | undefined;
    try {
      for (;;) {
        const page = await this.storage.list(type, filter.namespace, {
          revision: revision || undefined,
          limit: pageSize ? Math.max(pageSize - items.length, Math.min(pageSize * 2, 500)) : undefined,
          after,
        });
        revision = page.revision;
        for (let i = 0; i < page.items.length; i++) {
          const o = page.items[i]!;
          if (!this.matches(type, filter, o)) continue;
          items.push(o);
          if (pageSize && items.length === pageSize) {
            lastKey = this.storage.key(type, o.metadata.namespace, o.metadata.name!);
            more = page.more || i < page.items.length - 1;
            remaining = page.remaining + (page.items.length - 1 - i);
            break;
          }
        }
        if ((pageSize && items.length === pageSize) || !page.more) break;
        after = page.lastKey;
      }
    } catch (e) {
      if (e instanceof CompactedError) {
        if (token) {
          throw new StatusError(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          );
        }
        throw apiErrors.expired(`too old resource version: ${revision} (${e.compacted})`);
      }
      throw e;
    }
    const filtered = filter.labels.requirements.length > 0 || filter.fields.requirements.length > 0;
    return {
      items,
      revision,
      continue: more && lastKey ? encodeContinue(revision, lastKey) : undefined,
      remaining: more && !filtered ? remaining : undefined,
    };
  }

  /** A list response body for `list`. */
  listBody(type: ResourceType, result: Awaited<ReturnType<ResourceHandler['list']>>): Record<string, unknown> {
    const metadata: Record<string, unknown> = { resourceVersion: String(result.revision) };
    if (result.continue) metadata.continue = result.continue;
    if (result.remaining !== undefined) metadata.remainingItemCount = result.remaining;
    return {
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata,
      items: result.items.map((o) => this.output(type, o)),
    };
  }

  async create(req: ResourceRequest): Promise<ResourceResponse> {
    const { type, info } = req;
    if (info.subresource) return this.createSubresource(req);
    const opts = parseWriteOptions(req.query, req.userAgent, false);
    const obj = this.decodeBody(req, opts);
    this.checkNamespace(type, obj, info.namespace);
    if (obj.metadata.resourceVersion) {
      throw apiErrors.badRequest('resourceVersion should not be set on objects to be created');
    }
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = obj.metadata.generateName + generateNameSuffix();
    }
    const now = this.clock();
    prepareForCreate(type, obj, now);
    type.strategy?.applyDefaults?.(obj);
    if (type.namespaced) await this.requireNamespace(obj.metadata.namespace!);
    await this.admit('CREATE', type, obj, undefined, opts.dryRun);
    this.validate(type, obj, type.strategy?.validateCreate?.(obj) ?? []);
    this.machinery.trackUpdate({
      previous: undefined,
      next: obj,
      manager: opts.fieldManager,
      schema: this.machinery.schemaFor(type),
      apiVersion: apiVersionOf(type),
      now,
      ignoreStatus: !!type.statusSubresource,
    });
    if (opts.dryRun) return { code: 201, body: this.output(type, obj) };
    const res = await this.storage.create(type, obj);
    if (!res.ok) throw apiErrors.alreadyExists(type.group, type.plural, obj.metadata.name!);
    return { code: 201, body: this.output(type, res.object) };
  }

  async update(req: ResourceRequest): Promise<ResourceResponse> {
    const { type, info } = req;
    const opts = parseWriteOptions(req.query, req.userAgent, false);
    const input = this.decodeBody(req, opts);
    this.checkNamespace(type, input, info.namespace);
    if (input.metadata.name !== info.name) {
      throw apiErrors.badRequest(
        `the name of the object (${input.metadata.name ?? ''}) does not match the name on the URL (${info.name})`,
      );
    }
    return this.writeExisting(req, opts, () => input, input.metadata.resourceVersion, 'update');
  }

  async patch(req: ResourceRequest): Promise<ResourceResponse> {
    const { type } = req;
    const ct = mediaType(req.contentType);
    if (!patchTypes.includes(ct)) throw apiErrors.unsupportedMediaType(ct, patchTypes);
    const isApply = ct === 'application/apply-patch+yaml';
    const opts = parseWriteOptions(req.query, req.userAgent, isApply);
    const patch = this.parsePatch(req, ct);
    if (isApply) return this.applyPatch(req, opts, patch as KubeObject);
    if (ct === 'application/strategic-merge-patch+json' && type.strategy === undefined && !type.schemaName) {
      throw apiErrors.unsupportedMediaType(
        ct,
        patchTypes.filter((t) => t !== ct),
      );
    }
    const schema = this.machinery.schemaFor(type);
    const pinned =
      isRecord(patch) && isRecord(patch.metadata) ? (patch.metadata.resourceVersion as string | undefined) : undefined;
    return this.writeExisting(
      req,
      opts,
      (current) => {
        const base = current;
        let next: unknown;
        if (ct === 'application/json-patch+json') next = this.machinery.jsonPatch(base, patch);
        else if (ct === 'application/merge-patch+json') next = this.machinery.mergePatch(base, patch);
        else next = this.machinery.strategicMergePatch(base, patch, schema);
        if (!isRecord(next) || !isRecord(next.metadata)) {
          throw new StatusError(422, 'Invalid', 'the patch produced an object without metadata');
        }
        return next as KubeObject;
      },
      pinned,
      'patch',
    );
  }

  async delete(req: ResourceRequest): Promise<ResourceResponse> {
    const { type, info } = req;
    const options = this.deleteOptions(req);
    for (let attempt = 0; attempt < maxCasRetries; attempt++) {
      const current = await this.storage.get(type, info.namespace, info.name!);
      if (!current) throw apiErrors.notFound(type.group, type.plural, info.name!);
      const pre = options.preconditions;
      if (pre?.uid && pre.uid !== current.metadata.uid) {
        throw apiErrors.conflict(
          type.group,
          type.plural,
          info.name!,
          `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`,
        );
      }
      if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
        throw apiErrors.conflict(
          type.group,
          type.plural,
          info.name!,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
        );
      }
      const outcome = await this.deleteOne(type, current, options);
      if (outcome === 'conflict') continue;
      return outcome;
    }
    throw apiErrors.staleObject(type.group, type.plural, info.name!);
  }

  async deleteCollection(req: ResourceRequest): Promise<ResourceResponse> {
    const { type } = req;
    const options = this.deleteOptions(req);
    const listed = await this.list(req);
    const deleted: KubeObject[] = [];
    for (const obj of listed.items) {
      for (let attempt = 0; attempt < maxCasRetries; attempt++) {
        const current = attempt === 0 ? obj : await this.storage.get(type, obj.metadata.namespace, obj.metadata.name!);
        if (!current) break;
        const outcome = await this.deleteOne(type, current, options);
        if (outcome === 'conflict') continue;
        deleted.push(outcome.body as KubeObject);
        break;
      }
    }
    return { code: 200, body: this.listBody(type, { items: deleted, revision: listed.revision }) };
  }

  /** Sets apiVersion and kind on an object about to be returned (the stored form carries them too). */
  output(type: ResourceType, obj: KubeObject, subresource?: string): KubeObject {
    if (subresource === 'scale' && type.scaleSubresource) return this.scaleOf(type, obj);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    return obj;
  }

  /** The selectable fields of an object: metadata.name, metadata.namespace, and the kind's own. */
  fieldsOf(type: ResourceType, obj: KubeObject): Record<string, string> {
    const f: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
    if (type.namespaced) f['metadata.namespace'] = obj.metadata.namespace ?? '';
    const own = type.strategy?.selectableFields?.(obj);
    return own ? Object.assign(f, own) : f;
  }

  private selectable(type: ResourceType, field: string): boolean {
    if (field === 'metadata.name' || field === 'metadata.namespace') return true;
    const probe = type.strategy?.selectableFields?.({ metadata: {} } as KubeObject);
    return probe !== undefined && field in probe;
  }

  private async createSubresource(req: ResourceRequest): Promise<ResourceResponse> {
    throw apiErrors.methodNotAllowed(
      `the server does not allow this method on the requested resource (post ${req.type.plural}/${req.info.subresource})`,
    );
  }

  private scaleOf(type: ResourceType, obj: KubeObject): KubeObject {
    const sc = type.scaleSubresource!;
    const spec = readPath(obj, sc.specReplicasPath) as number | undefined;
    const status = readPath(obj, sc.statusReplicasPath) as number | undefined;
    const selector = sc.labelSelectorPath ? (readPath(obj, sc.labelSelectorPath) as string | undefined) : undefined;
    const scaleStatus: Record<string, unknown> = { replicas: status ?? 0 };
    if (selector) scaleStatus.selector = selector;
    else if (isRecord(obj.spec) && isRecord(obj.spec.selector))
      scaleStatus.selector = selectorString(obj.spec.selector);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: spec ?? 0 },
      status: scaleStatus,
    };
  }

  /**
   * The read-modify-write loop of PUT and PATCH: reads the current object, computes the new one,
   * prepares, validates and writes it with compare-and-swap, retrying on races unless the client
   * pinned a resourceVersion.
   */
  private async writeExisting(
    req: ResourceRequest,
    opts: WriteOptions,
    compute: (current: KubeObject) => KubeObject,
    pinnedVersion: string | undefined,
    verb: 'update' | 'patch',
  ): Promise<ResourceResponse> {
    const { type, info } = req;
    const sub = info.subresource;
    const finalize = sub === 'finalize' && isNamespaceType(type);
    if (sub && sub !== 'status' && sub !== 'scale' && !finalize) {
      throw apiErrors.methodNotAllowed(
        `the server does not allow this method on the requested resource (${verb} ${type.plural}/${sub})`,
      );
    }
    if ((sub === 'status' && !type.statusSubresource) || (sub === 'scale' && !type.scaleSubresource)) {
      throw apiErrors.pathNotFound();
    }
    for (let attempt = 0; attempt < maxCasRetries; attempt++) {
      const current = await this.storage.get(type, info.namespace, info.name!);
      if (!current) throw apiErrors.notFound(type.group, type.plural, info.name!);
      if (pinnedVersion && pinnedVersion !== current.metadata.resourceVersion) {
        throw apiErrors.staleObject(type.group, type.plural, info.name!);
      }
      const base = sub === 'scale' ? this.scaleOf(type, structuredClone(current)) : structuredClone(current);
      let next = compute(base);
      if (sub === 'scale') next = this.applyScale(type, current, next);
      next.metadata.namespace = current.metadata.namespace;
      next.metadata.name = current.metadata.name;
      const now = this.clock();
      if (finalize) {
        // Only spec.finalizers changes through namespaces/{name}/finalize.
        const finalizers = (next.spec as { finalizers?: unknown } | undefined)?.finalizers;
        next = structuredClone(current);
        (next.spec as Record<string, unknown>) = { ...((current.spec as object) ?? {}), finalizers: finalizers ?? [] };
      } else if (sub === 'status') {
        next = prepareForStatusUpdate(type, next, current);
      } else {
        this.pruneAndCheckFields(type, next, opts, verb === 'patch', req.warnings);
        prepareForUpdate(type, next, current);
        if (isNamespaceType(type)) {
          // spec.finalizers changes only through the finalize subresource.
          (next.spec as Record<string, unknown>) = {
            ...((next.spec as object) ?? {}),
            finalizers: (current.spec as { finalizers?: unknown } | undefined)?.finalizers,
          };
        }
      }
      type.strategy?.applyDefaults?.(next);
      if (sub !== 'status') await this.admit('UPDATE', type, next, current, opts.dryRun);
      const causes = [...(type.strategy?.validateUpdate?.(next, current) ?? [])];
      this.validate(type, next, causes);
      this.machinery.trackUpdate({
        previous: current,
        next,
        manager: opts.fieldManager,
        schema: this.machinery.schemaFor(type),
        apiVersion: apiVersionOf(type),
        now,
        subresource: sub,
        ignoreStatus: !!type.statusSubresource && sub !== 'status',
      });
      const outcome = await this.commit(type, current, next, opts);
      if (outcome === 'conflict') {
        if (pinnedVersion) throw apiErrors.staleObject(type.group, type.plural, info.name!);
        continue;
      }
      return { code: 200, body: this.output(type, outcome, sub) };
    }
    throw apiErrors.staleObject(type.group, type.plural, info.name!);
  }

  private async applyPatch(req: ResourceRequest, opts: WriteOptions, applied: KubeObject): Promise<ResourceResponse> {
    const { type, info } = req;
    if (info.subresource && info.subresource !== 'status') {
      throw apiErrors.methodNotAllowed(`apply is not supported on ${type.plural}/${info.subresource}`);
    }
    if (!isRecord(applied.metadata)) applied.metadata = {};
    const gv = apiVersionOf(type);
    if (applied.apiVersion !== gv || applied.kind !== type.kind) {
      throw apiErrors.badRequest(
        `invalid object type: ${applied.apiVersion ?? ''}, Kind=${applied.kind ?? ''} (expected ${gv}, Kind=${type.kind})`,
      );
    }
    if (applied.metadata.name && applied.metadata.name !== info.name) {
      throw apiErrors.badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${info.name})`,
      );
    }
    applied.metadata.name = info.name;
    this.checkNamespace(type, applied, info.namespace);
    const schema = this.machinery.schemaFor(type);
    this.pruneAndCheckFields(type, applied, opts, true, req.warnings);
    for (let attempt = 0; attempt < maxCasRetries; attempt++) {
      const current = await this.storage.get(type, info.namespace, info.name!);
      const now = this.clock();
      const result = this.machinery.apply({
        live: current ? structuredClone(current) : undefined,
        applied: structuredClone(applied),
        manager: opts.fieldManager,
        force: opts.force,
        schema,
        apiVersion: gv,
        now,
        subresource: info.subresource,
        ignoreStatus: !!type.statusSubresource && info.subresource !== 'status',
      });
      if (!result.ok) {
        const { message, causes } = this.machinery.conflictStatus(result.conflicts, gv);
        throw new StatusError(409, 'Conflict', message, { causes });
      }
      let next = result.object;
      if (!current) {
        if (info.subresource) throw apiErrors.notFound(type.group, type.plural, info.name!);
        next.metadata.namespace = info.namespace;
        const managed = next.metadata.managedFields;
        prepareForCreate(type, next, now);
        next.metadata.managedFields = managed;
        type.strategy?.applyDefaults?.(next);
        if (type.namespaced) await this.requireNamespace(next.metadata.namespace!);
        await this.admit('CREATE', type, next, undefined, opts.dryRun);
        this.validate(type, next, type.strategy?.validateCreate?.(next) ?? []);
        if (opts.dryRun) return { code: 201, body: this.output(type, next) };
        const res = await this.storage.create(type, next);
        if (!res.ok) continue;
        return { code: 201, body: this.output(type, res.object) };
      }
      if (info.subresource === 'status') next = prepareForStatusUpdate(type, next, current);
      else prepareForUpdate(type, next, current);
      type.strategy?.applyDefaults?.(next);
      if (!info.subresource) await this.admit('UPDATE', type, next, current, opts.dryRun);
      this.validate(type, next, type.strategy?.validateUpdate?.(next, current) ?? []);
      const outcome = await this.commit(type, current, next, opts);
      if (outcome === 'conflict') continue;
      return { code: 200, body: this.output(type, outcome) };
    }
    throw apiErrors.staleObject(type.group, type.plural, info.name!);
  }

  /**
   * Writes `next` over `current` unless nothing changed (no new resourceVersion then). An object
   * being deleted whose last finalizer was just removed is deleted for real.
   */
  private async commit(
    type: ResourceType,
    current: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
  ): Promise<KubeObject | 'conflict'> {
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (semanticallyEqual(next, current)) return current;
    if (opts.dryRun) return next;
    const rev = Number(current.metadata.resourceVersion);
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      !this.awaitsGracefulTermination(type, next) &&
      !this.heldByNamespaceFinalizers(type, next)
    ) {
      const res = await this.storage.delete(type, next, rev);
      if (!res.ok)
        return res.reason === 'not-found'
          ? Promise.reject(apiErrors.notFound(type.group, type.plural, next.metadata.name!))
          : 'conflict';
      return res.object;
    }
    const res = await this.storage.update(type, next, rev);
    if (!res.ok) {
      if (res.reason === 'not-found') throw apiErrors.notFound(type.group, type.plural, next.metadata.name!);
      return 'conflict';
    }
    return res.object;
  }

  private heldByNamespaceFinalizers(type: ResourceType, obj: KubeObject): boolean {
    if (!this.namespaceFinalization || !isNamespaceType(type)) return false;
    const f = (obj.spec as { finalizers?: unknown[] } | undefined)?.finalizers;
    return Array.isArray(f) && f.length > 0;
  }

  /** Pods bound to a node wait for their kubelet to finish a graceful deletion. */
  private awaitsGracefulTermination(type: ResourceType, obj: KubeObject): boolean {
    return type.group === '' && type.plural === 'pods' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private async deleteOne(
    type: ResourceType,
    current: KubeObject,
    options: DeleteOptions,
  ): Promise<ResourceResponse | 'conflict'> {
    const rev = Number(current.metadata.resourceVersion);
    const next = structuredClone(current);
    const m = next.metadata;
    const finalizers = new Set(m.finalizers ?? []);
    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
    if (policy === 'Foreground') {
      finalizers.add('foregroundDeletion');
      finalizers.delete('orphan');
    } else if (policy === 'Orphan') {
      finalizers.add('orphan');
      finalizers.delete('foregroundDeletion');
    }
    const grace = this.gracePeriod(type, current, options);
    const graceful = grace > 0;
    const held = this.heldByNamespaceFinalizers(type, current);
    if (held) {
      const status = (next.status ??= {}) as Record<string, unknown>;
      status.phase = 'Terminating';
    }
    if (finalizers.size === 0 && !graceful && !held) {
      if (options.dryRun) return { code: 200, body: this.output(type, current) };
      const res = await this.storage.delete(type, current, rev);
      if (!res.ok) {
        if (res.reason === 'not-found') throw apiErrors.notFound(type.group, type.plural, current.metadata.name!);
        return 'conflict';
      }
      return { code: 200, body: this.output(type, res.object) };
    }
    m.finalizers = finalizers.size > 0 ? [...finalizers] : undefined;
    if (!m.finalizers) delete m.finalizers;
    const now = this.clock();
    if (!m.deletionTimestamp) {
      m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      m.deletionGracePeriodSeconds = grace;
    } else if (graceful && (m.deletionGracePeriodSeconds ?? 0) > grace) {
      // A shorter grace period may replace a longer one.
      m.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      m.deletionGracePeriodSeconds = grace;
    } else if (!graceful) {
      m.deletionGracePeriodSeconds = 0;
    }
    if (m.generation !== undefined && !current.metadata.deletionTimestamp) m.generation = m.generation + 1;
    if (options.dryRun) return { code: 202, body: this.output(type, next) };
    if (semanticallyEqual(next, current)) return { code: 202, body: this.output(type, current) };
    const res = await this.storage.update(type, next, rev);
    if (!res.ok) {
      if (res.reason === 'not-found') throw apiErrors.notFound(type.group, type.plural, current.metadata.name!);
      return 'conflict';
    }
    return { code: 202, body: this.output(type, res.object) };
  }

  private gracePeriod(type: ResourceType, obj: KubeObject, options: DeleteOptions): number {
    if (!(type.group === '' && type.plural === 'pods')) return 0;
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    // Unscheduled and finished pods go at once, as the apiserver's pod strategy decides.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const requested = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, requested === 0 && options.gracePeriodSeconds === 0 ? 0 : requested);
  }

  private deleteOptions(req: ResourceRequest): DeleteOptions {
    let body: Record<string, unknown> = {};
    if (req.body && req.body.length > 0) body = parseJsonObject(req.body, 'DeleteOptions');
    const q = req.query;
    const opts: DeleteOptions = {
      propagationPolicy:
        (body.propagationPolicy as DeleteOptions['propagationPolicy']) ??
        (q.get('propagationPolicy') as DeleteOptions['propagationPolicy']) ??
        undefined,
      gracePeriodSeconds:
        (body.gracePeriodSeconds as number | undefined) ??
        parseNonNegativeInt(q.get('gracePeriodSeconds'), 'gracePeriodSeconds'),
      preconditions: body.preconditions as DeleteOptions['preconditions'],
      orphanDependents: body.orphanDependents as boolean | undefined,
      dryRun: (Array.isArray(body.dryRun) && body.dryRun.includes('All')) || q.getAll('dryRun').includes('All'),
    };
    if (opts.propagationPolicy && !['Foreground', 'Background', 'Orphan'].includes(opts.propagationPolicy)) {
      throw new StatusError(
        422,
        'Invalid',
        `propagationPolicy: Unsupported value: "${opts.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`,
        {
          causes: [
            {
              reason: 'FieldValueNotSupported',
              field: 'propagationPolicy',
              message: `Unsupported value: "${opts.propagationPolicy}"`,
            },
          ],
        },
      );
    }
    return opts;
  }

  private applyScale(type: ResourceType, current: KubeObject, scale: KubeObject): KubeObject {
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw apiErrors.invalid('autoscaling', 'Scale', current.metadata.name!, [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
        },
      ]);
    }
    const next = structuredClone(current);
    writePath(next, type.scaleSubresource!.specReplicasPath, replicas);
    next.metadata.resourceVersion = scale.metadata.resourceVersion ?? current.metadata.resourceVersion;
    return next;
  }

  private decodeBody(req: ResourceRequest, opts: WriteOptions): KubeObject {
    const { type } = req;
    const ct = mediaType(req.contentType);
    if (!bodyTypes.includes(ct)) throw apiErrors.unsupportedMediaType(ct, bodyTypes);
    if (!req.body || req.body.length === 0) throw apiErrors.badRequest('the body of the request was empty');
    let raw: Record<string, unknown>;
    if (ct === 'application/vnd.kubernetes.protobuf') {
      try {
        raw = this.machinery.decodeProtobuf(req.body).object;
      } catch (e) {
        if (e instanceof StatusError) throw e;
        throw apiErrors.badRequest(`unable to decode protobuf body: ${(e as Error).message}`);
      }
    } else if (ct === 'application/yaml') raw = parseYamlObject(req.body, type.kind);
    else raw = parseJsonObject(req.body, type.kind);
    const gv = apiVersionOf(type);
    const kind = req.info.subresource === 'scale' ? 'Scale' : type.kind;
    if (
      (raw.kind !== undefined && raw.kind !== kind) ||
      (raw.apiVersion !== undefined && raw.apiVersion !== gv && kind !== 'Scale')
    ) {
      throw apiErrors.badRequest(
        `the API version in the data (${String(raw.apiVersion ?? '')}) does not match the expected API version (${gv})`,
      );
    }
    if (raw.metadata !== undefined && !isRecord(raw.metadata)) {
      throw apiErrors.badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${typeof raw.metadata} into Go struct field ${type.kind}.metadata of type v1.ObjectMeta`,
      );
    }
    if (!raw.metadata) raw.metadata = {};
    const obj = raw as KubeObject;
    if (req.info.subresource !== 'scale') this.pruneAndCheckFields(type, obj, opts, false, req.warnings);
    return obj;
  }

  private parsePatch(req: ResourceRequest, ct: string): unknown {
    if (!req.body || req.body.length === 0) throw apiErrors.badRequest('the body of the request was empty');
    if (ct === 'application/apply-patch+yaml') return parseYamlObject(req.body, req.type.kind);
    let value: unknown;
    try {
      value = JSON.parse(req.body.toString('utf8'));
    } catch (e) {
      throw apiErrors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    if (ct !== 'application/json-patch+json' && !isRecord(value)) {
      throw apiErrors.badRequest(
        `error decoding patch: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      );
    }
    return value;
  }

  /** Drops fields the schema does not know, and answers or warns about them per fieldValidation. */
  private pruneAndCheckFields(
    type: ResourceType,
    obj: KubeObject,
    opts: WriteOptions,
    fromPatch: boolean,
    warnings: string[],
  ): void {
    const schema = this.machinery.schemaFor(type);
    if (!schema) return;
    const typeError = this.machinery.typeError(obj, schema, type.kind, type.version);
    if (typeError) throw typeError;
    if (opts.fieldValidation !== 'Ignore') {
      const unknown = this.machinery.unknownFields(obj, schema);
      if (unknown.length > 0) {
        if (opts.fieldValidation === 'Strict') {
          const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
          throw apiErrors.badRequest(
            fromPatch
              ? `error strict decoding patched object: ${list}`
              : `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`,
            unknown.map((f) => ({ reason: 'FieldValueInvalid', message: `unknown field "${f}"`, field: f })),
          );
        }
        for (const f of unknown) warnings.push(`unknown field "${f}"`);
      }
    }
    this.machinery.pruneUnknownFields(obj, schema);
  }

  private checkNamespace(type: ResourceType, obj: KubeObject, urlNamespace: string | undefined): void {
    if (!type.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    if (!urlNamespace) throw apiErrors.pathNotFound();
    if (obj.metadata.namespace && obj.metadata.namespace !== urlNamespace) {
      throw apiErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = urlNamespace;
  }

  /**
   * When true, deleting a namespace marks it Terminating and keeps it until its spec.finalizers
   * are emptied through `namespaces/{name}/finalize` (the namespace controller's job). When false
   * (no namespace controller runs), a namespace is deleted at once.
   */
  namespaceFinalization = false;

  /** Where namespaces are looked up for creates (the server sets an in-memory index). */
  namespaceLookup?: (name: string) => Promise<KubeObject | undefined>;

  private async requireNamespace(name: string): Promise<void> {
    const nsType = this.registry.lookup('', 'v1', 'namespaces');
    if (!nsType) return;
    const ns = this.namespaceLookup
      ? await this.namespaceLookup(name)
      : await this.storage.get(nsType, undefined, name);
    if (!ns) throw apiErrors.notFound('', 'namespaces', name);
    if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${name} because it is being terminated`,
        {
          name,
          kind: 'namespaces',
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${name} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  private validate(type: ResourceType, obj: KubeObject, causes: FieldCause[]): void {
    const all = [...metadataCauses(type, obj), ...causes];
    if (all.length > 0) throw apiErrors.invalid(type.group, type.kind, obj.metadata.name ?? '', all);
  }
}

/** DeleteOptions as the API reads them from the body or the query. */
interface DeleteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  dryRun: boolean;
}

/** The generic metadata checks every kind gets (name presence and form is the strategy's job too). */
function metadataCauses(type: ResourceType, obj: KubeObject): FieldCause[] {
  const m = obj.metadata;
  const causes: FieldCause[] = [];
  if (!m.name) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  }
  if (type.namespaced && !m.namespace) {
    causes.push({ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' });
  }
  return causes;
}

function isNamespaceType(type: ResourceType): boolean {
  return type.group === '' && type.plural === 'namespaces';
}

function parseNonNegativeInt(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw apiErrors.badRequest(`invalid value for ${name}: ${JSON.stringify(text)}`);
  return n;
}

function parseRevision(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw apiErrors.badRequest(`resourceVersion: Invalid value: "${text}": must be a non-negative integer`);
  }
  return n;
}

function invalidList(field: string, message: string): StatusError {
  return new StatusError(422, 'Invalid', `ListOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    kind: 'ListOptions',
    group: 'meta.k8s.io',
    causes: [{ reason: 'FieldValueForbidden', field, message }],
  });
}

/** Encodes a continue token: the list's revision and the last key returned. */
function encodeContinue(revision: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: lastKey })).toString('base64url');
}

function decodeContinue(token: string): { revision: number; after: string } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: number; start?: string };
    if (typeof v.rv === 'number' && typeof v.start === 'string') return { revision: v.rv, after: v.start };
  } catch {
    // fall through
  }
  throw apiErrors.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readPath(obj: unknown, path: string): unknown {
  let cur: any = obj;
  for (const p of path.replace(/^\./, '').split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function writePath(obj: Record<string, any>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isRecord(cur[p])) cur[p] = {};
    cur = cur[p];
  }
  cur[parts.at(-1)!] = value;
}

/** `app=web,tier in (a,b)` from a metav1.LabelSelector. */
export function selectorString(sel: Record<string, any>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of (sel.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    const vals = (e.values ?? []).slice().sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.sort().join(',');
}
