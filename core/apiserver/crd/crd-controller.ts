import type { Logger } from 'pino';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { rfc3339, deepEqual } from '../handlers/object-lifecycle.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { CelEngine } from './cel-engine.js';
import { celPackage } from './cel-engine.js';
import { celRulesOf } from './cel-validation.js';
import type { CrdCondition, CustomResourceDefinition } from './crd-shapes.js';
import type { CustomResourceSchemas } from './custom-resource-schemas.js';
import { customResourceVersions } from './custom-resource-version.js';

/** The finalizer that holds a deleted CRD until its custom objects are gone. */
export const customResourceCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

/** The condition set when a CRD has CEL rules but no CEL engine is installed. */
export const celNotEnforcedCondition = 'ValidationRulesEnforced';

/** What the controller works with (all owned by the API server process). */
export interface CrdControllerOptions {
  storage: ObjectStorage;
  cache: WatchCache;
  registry: ResourceRegistry;
  schemas: CustomResourceSchemas;
  logger: Logger;
  /** The CEL engine for x-kubernetes-validations; absent: rules are not enforced (a condition says so). */
  cel?: CelEngine;
  clock?: () => Date;
  /** How long to wait before looking again at a CRD whose objects are still being deleted (default 200 ms). */
  cleanupRetryMs?: number;
}

interface Served {
  specJson: string;
  types: ResourceType[];
}

/**
 * Serves CustomResourceDefinitions: follows CRD objects through the watch cache and, for each,
 * registers a resource type per served version (discovery and OpenAPI follow the registry),
 * records NamesAccepted and Established in the CRD's status, and on deletion removes the custom
 * objects, then the CRD and its API. Work is serialised; every step is idempotent.
 */
export class CrdController {
  private readonly served = new Map<string, Served>();
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private stopped = false;
  private unsubscribe?: () => void;
  private idle: Promise<void> = Promise.resolve();
  private readonly clock: () => Date;

  constructor(private readonly o: CrdControllerOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  private get crdType(): ResourceType {
    const t = this.o.registry.lookup('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if (!t) throw new Error('customresourcedefinitions are not registered');
    return t;
  }

  /** Lists the existing CRDs, serves them, then follows changes. Resolves once the existing ones are served. */
  async start(): Promise<void> {
    const type = this.crdType;
    const names: string[] = [];
    let revision = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.o.storage.list(type, undefined, { limit: 500, after, revision: revision || undefined });
      revision = page.revision;
      for (const o of page.items) names.push(o.metadata.name!);
      if (!page.more) break;
      after = page.lastKey;
    }
    const sub = this.o.cache.subscribe(
      {
        prefix: this.o.storage.prefix(type),
        onEvent: (e) => this.enqueue(e.object.metadata.name!),
        onClose: () => undefined,
      },
      revision,
    );
    this.unsubscribe = sub.unsubscribe;
    for (const n of names) this.enqueue(n);
    await this.whenIdle();
  }

  /** Stops following CRDs (served types stay registered). Idempotent. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Resolves when no work is queued (for tests and start-up). */
  async whenIdle(): Promise<void> {
    while (this.running || this.pending.size > 0) await this.idle;
  }

  /** The resource types currently served for a CRD. */
  servedTypes(crdName: string): readonly ResourceType[] {
    return this.served.get(crdName)?.types ?? [];
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    this.pending.add(name);
    if (!this.running) {
      this.running = true;
      this.idle = this.drain();
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0 && !this.stopped) {
        const name = this.pending.values().next().value as string;
        this.pending.delete(name);
        try {
          await this.reconcile(name);
        } catch (err) {
          this.o.logger.warn({ err, crd: name }, 'reconciling CRD failed; retrying');
          this.later(name, 1000);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private later(name: string, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(name);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private async reconcile(name: string): Promise<void> {
    const type = this.crdType;
    const current = (await this.o.storage.get(type, undefined, name)) as CustomResourceDefinition | undefined;
    if (!current) {
      await this.teardown(name, true);
      return;
    }
    if (current.metadata.deletionTimestamp) {
      await this.finalize(current);
      return;
    }
    const conflict = this.namesConflict(current);
    let conditions: CrdCondition[];
    if (conflict) {
      await this.teardown(name, false);
      conditions = [
        { type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message },
        { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' },
      ];
    } else {
      this.serve(current);
      conditions = [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ];
      const rules = current.spec.versions.flatMap((v) => celRulesOf(v.schema?.openAPIV3Schema));
      if (rules.length > 0 && !this.o.cel) {
        conditions.push({
          type: celNotEnforcedCondition,
          status: 'False',
          reason: 'CELNotAvailable',
          message: `x-kubernetes-validations rules are not enforced: no CEL engine is installed (${celPackage})`,
        });
      }
    }
    await this.writeStatus(current, conditions, !conflict);
  }

  /** Registers the served versions of a CRD (again only when its spec changed). */
  private serve(crd: CustomResourceDefinition): void {
    const name = crd.metadata.name!;
    const specJson = JSON.stringify(crd.spec);
    const before = this.served.get(name);
    if (before && before.specJson === specJson) return;
    const versions = customResourceVersions(crd, this.o.cel);
    this.o.schemas.set(name, versions);
    const types = versions.map((v) => v.type);
    for (const old of before?.types ?? []) {
      if (!types.some((t) => t.version === old.version && t.plural === old.plural && t.group === old.group)) {
        this.o.registry.unregister(old.group, old.version, old.plural);
      }
    }
    if (types.length > 0) this.o.registry.register(...types);
    this.served.set(name, { specJson, types });
    this.o.logger.info({ crd: name, versions: types.map((t) => t.version) }, 'serving custom resource');
  }

  /** Stops serving a CRD; with `deleteObjects`, removes whatever custom objects are left in storage. */
  private async teardown(name: string, deleteObjects: boolean): Promise<void> {
    const before = this.served.get(name);
    if (!before) return;
    this.served.delete(name);
    this.o.schemas.remove(name);
    for (const t of before.types) this.o.registry.unregister(t.group, t.version, t.plural);
    this.o.logger.info({ crd: name }, 'stopped serving custom resource');
    if (deleteObjects && before.types[0]) {
      const t = before.types[0];
      const stillServed = this.o.registry.all().some((x) => x.group === t.group && x.plural === t.plural);
      if (!stillServed) await this.deleteAll(t, true);
    }
  }

  /**
   * Deletes the custom objects of a type. Objects with finalizers get a deletionTimestamp and are
   * left to their controllers unless `force`. Returns how many remain.
   */
  private async deleteAll(type: ResourceType, force: boolean): Promise<number> {
    let remaining = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.o.storage.list(type, undefined, { limit: 500, after });
      for (const obj of page.items) {
        const rev = Number(obj.metadata.resourceVersion);
        if (!force && (obj.metadata.finalizers ?? []).length > 0) {
          remaining++;
          if (!obj.metadata.deletionTimestamp) {
            const next: KubeObject = structuredClone(obj);
            next.metadata.deletionTimestamp = rfc3339(this.clock());
            next.metadata.deletionGracePeriodSeconds = 0;
            await this.o.storage.update(type, next, rev);
          }
          continue;
        }
        const res = await this.o.storage.delete(type, obj, rev);
        if (!res.ok && res.reason !== 'not-found') remaining++;
      }
      if (!page.more) break;
      after = page.lastKey;
    }
    return remaining;
  }

  /** A CRD being deleted: Terminating, objects deleted, then the finalizer removed and the CRD gone. */
  private async finalize(crd: CustomResourceDefinition): Promise<void> {
    const name = crd.metadata.name!;
    const finalizers = crd.metadata.finalizers ?? [];
    if (!finalizers.includes(customResourceCleanupFinalizer)) return;
    const type = this.served.get(name)?.types[0] ?? customResourceVersions(crd)[0]?.type;
    const terminating: CrdCondition = {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionInProgress',
      message: 'CustomResource deletion is in progress',
    };
    const stored = await this.writeStatus(crd, [terminating], false);
    if (!stored) return; // changed meanwhile; the next event brings us back
    const remaining = type ? await this.deleteAll(type, false) : 0;
    if (remaining > 0) {
      this.later(name, this.o.cleanupRetryMs ?? 200);
      return;
    }
    const next = structuredClone(stored);
    next.metadata.finalizers = finalizers.filter((f) => f !== customResourceCleanupFinalizer);
    const crdType = this.crdType;
    const rev = Number(stored.metadata.resourceVersion);
    if (next.metadata.finalizers.length === 0) {
      const res = await this.o.storage.delete(crdType, asObject(next), rev);
      if (!res.ok && res.reason === 'conflict') this.later(name, 0);
    } else {
      delete (next.metadata as Record<string, unknown>).resourceVersion;
      const res = await this.o.storage.update(crdType, asObject(next), rev);
      if (!res.ok && res.reason === 'conflict') this.later(name, 0);
    }
  }

  /** Why a CRD's names cannot be served (a plural or kind another resource of its group already uses). */
  private namesConflict(crd: CustomResourceDefinition): { reason: string; message: string } | undefined {
    const { group, names } = crd.spec;
    const mine = new Set(this.served.get(crd.metadata.name!)?.types ?? []);
    const others = this.o.registry.all().filter((t) => t.group === group && !mine.has(t));
    const problems: string[] = [];
    let reason = '';
    if (others.some((t) => t.plural === names.plural)) {
      problems.push(`"${names.plural}" is already in use`);
      reason = 'PluralConflict';
    }
    if (names.singular && others.some((t) => t.singular === names.singular)) {
      problems.push(`"${names.singular}" is already in use`);
      reason ||= 'SingularConflict';
    }
    if (others.some((t) => t.kind === names.kind && t.plural !== names.plural)) {
      problems.push(`"${names.kind}" is already in use`);
      reason ||= 'KindConflict';
    }
    const taken = new Set(
      this.o.registry
        .all()
        .filter((t) => !mine.has(t))
        .flatMap((t) => t.shortNames ?? []),
    );
    for (const s of names.shortNames ?? []) {
      if (taken.has(s)) {
        problems.push(`"${s}" is already in use`);
        reason ||= 'ShortNamesConflict';
      }
    }
    if (problems.length === 0) return undefined;
    return { reason: problems.length > 1 ? 'MultipleConflicts' : reason, message: problems.join(', ') };
  }

  /**
   * Writes conditions (keeping the transition time of unchanged ones), accepted names, stored
   * versions and, when `establish`, the cleanup finalizer. Returns the stored CRD (unchanged when
   * nothing differs), or undefined when it changed meanwhile.
   */
  private async writeStatus(
    crd: CustomResourceDefinition,
    conditions: CrdCondition[],
    establish: boolean,
  ): Promise<CustomResourceDefinition | undefined> {
    const next = structuredClone(crd);
    const status = (next.status ??= {});
    const now = rfc3339(this.clock());
    const existing = status.conditions ?? [];
    const merged = [...existing];
    for (const c of conditions) {
      const i = merged.findIndex((x) => x.type === c.type);
      const prev = i >= 0 ? merged[i] : undefined;
      const value: CrdCondition = {
        type: c.type,
        status: c.status,
        lastTransitionTime: prev && prev.status === c.status ? (prev.lastTransitionTime ?? now) : now,
        reason: c.reason,
        message: c.message,
      };
      if (i >= 0) merged[i] = value;
      else merged.push(value);
    }
    if (establish && !conditions.some((c) => c.type === celNotEnforcedCondition)) {
      const i = merged.findIndex((x) => x.type === celNotEnforcedCondition);
      if (i >= 0) merged.splice(i, 1);
    }
    status.conditions = merged;
    if (establish) {
      const names = crd.spec.names;
      status.acceptedNames = {
        plural: names.plural,
        singular: names.singular ?? names.kind.toLowerCase(),
        ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
        kind: names.kind,
        listKind: names.listKind ?? `${names.kind}List`,
        ...(names.categories?.length ? { categories: names.categories } : {}),
      };
      const storage = crd.spec.versions.find((v) => v.storage)?.name;
      const stored = status.storedVersions ?? [];
      if (storage && !stored.includes(storage)) status.storedVersions = [...stored, storage];
      else status.storedVersions = stored;
      const fin = next.metadata.finalizers ?? [];
      if (!fin.includes(customResourceCleanupFinalizer))
        next.metadata.finalizers = [...fin, customResourceCleanupFinalizer];
    }
    if (deepEqual(next, crd)) return crd;
    const rev = Number(crd.metadata.resourceVersion);
    const res = await this.o.storage.update(this.crdType, asObject(next), rev);
    if (!res.ok) {
      if (res.reason === 'conflict') this.later(crd.metadata.name!, 0);
      return undefined;
    }
    return res.object as unknown as CustomResourceDefinition;
  }
}

function asObject(crd: CustomResourceDefinition): KubeObject {
  return crd as unknown as KubeObject;
}
