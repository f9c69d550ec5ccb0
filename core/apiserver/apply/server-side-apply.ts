import type { KubeObject, ManagedFieldsEntry } from '../../../sdk/api/kube-object.js';
import type { SchemaNode } from '../schema/schema-node.js';
import { StatusError } from '../status.js';
import { compareObjects } from './compare-objects.js';
import { computeFieldSet, ignoreTrie, resetTrie, type FieldSetOptions } from './field-set.js';
import {
  difference,
  emptyFieldSet,
  intersection,
  isEmpty,
  listPaths,
  pathToString,
  union,
  type FieldSet,
} from './fields-v1.js';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  isResetManagedFields,
  managerIdentifier,
  type ManagedState,
  type ManagerRecord,
} from './managed-fields.js';
import { mergeApplied } from './merge-objects.js';
import { pruneObject } from './prune-object.js';
import { jsonEqual, ListItemError } from './schema-walk.js';

/** Input of {@link apply}. */
export interface ApplyRequest extends FieldSetOptions {
  /** The stored object (with its managedFields); undefined when the apply creates the object. */
  readonly live: KubeObject | undefined;
  /** The applied configuration (the apply patch body, already parsed). */
  readonly applied: KubeObject;
  /** The `fieldManager` query parameter (required for apply; the handler checks it). */
  readonly manager: string;
  /** The `force` query parameter: take fields from other managers instead of failing. */
  readonly force: boolean;
  /** Schema of the resource's root object; undefined treats everything as untyped. */
  readonly schema: SchemaNode | undefined;
  /** The apiVersion of the request, recorded in the manager's entry (`apps/v1`). */
  readonly apiVersion: string;
  /** The time recorded when the apply changes the object. */
  readonly now: Date;
  /** The subresource applied to (`status`), empty or absent for the main resource. */
  readonly subresource?: string;
}

/** A field owned by another manager that the apply would change. */
export interface ApplyConflict {
  /** The other manager's name. */
  readonly manager: string;
  /** That manager's operation. */
  readonly operation: 'Apply' | 'Update';
  /** The apiVersion that manager used (printed for Update managers). */
  readonly apiVersion: string;
  /** That manager's subresource, empty for the main resource. */
  readonly subresource: string;
  /** The field as structured-merge-diff prints paths: `.spec.replicas`, `.spec.containers[name="web"].image`. */
  readonly field: string;
}

/** Outcome of {@link apply}. */
export type ApplyResult =
  | {
      readonly ok: true;
      /** The merged object with updated metadata.managedFields. */
      readonly object: KubeObject;
      /** False when the apply left the object as it was (only ownership may have moved). */
      readonly changed: boolean;
    }
  | {
      readonly ok: false;
      readonly reason: 'Conflict';
      /** Sorted by manager, then in field order. Turn into a 409 with {@link conflictStatusError}. */
      readonly conflicts: readonly ApplyConflict[];
    }
  | {
      readonly ok: false;
      readonly reason: 'Invalid';
      readonly conflicts: readonly [];
      /**
       * The HTTP code the apiserver answers: 400 (BadRequest) for a patch with managedFields or the
       * wrong apiVersion, 500 (no reason) when the configuration cannot be typed (missing list keys).
       */
      readonly code: 400 | 500;
      /** The Status message. */
      readonly message: string;
    };

const BEFORE_FIRST_APPLY = 'before-first-apply';

/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`, or a create by apply) as the
 * apiserver's field manager does it over structured-merge-diff:
 * 1. the applied configuration is merged into the live object (associative lists by key, atomic
 *    values replaced);
 * 2. what the manager applied last time but no longer applies, and nobody else owns, is removed;
 * 3. fields owned by other managers whose value changes are conflicts: without `force` the result
 *    lists them; with `force` the other managers lose them;
 * 4. the manager's `Apply` entry becomes exactly the applied field set; other managers lose fields
 *    that were removed; empty entries disappear. The entry's time moves only when the object changed.
 * A live object without managedFields first gets a `before-first-apply` Update entry owning all it
 * holds. Pure: neither input is mutated. Never throws for bad input (`reason: 'Invalid'`).
 */
export function apply(req: ApplyRequest): ApplyResult {
  try {
    return applyUnchecked(req);
  } catch (err) {
    if (err instanceof ListItemError) {
      return { ok: false, reason: 'Invalid', conflicts: [], code: 500, message: invalidMessage(req, err.message) };
    }
    throw err;
  }
}

function invalidMessage(req: ApplyRequest, detail: string): string {
  const kind = req.applied.kind ?? '';
  return `failed to create typed patch object (${gvkText(req.apiVersion, kind)}): ${detail}`;
}

function gvkText(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  return `${group}/${version}, Kind=${kind}`;
}

function applyUnchecked(req: ApplyRequest): ApplyResult {
  const options: FieldSetOptions = req;
  const ignore = ignoreTrie(options);
  if (req.applied.apiVersion !== req.apiVersion) {
    return {
      ok: false,
      reason: 'Invalid',
      conflicts: [],
      code: 400,
      message:
        'Incorrect version specified in apply patch. ' +
        `Specified patch version: ${req.applied.apiVersion ?? ''}, expected: ${req.apiVersion}`,
    };
  }
  const appliedMf = req.applied.metadata?.managedFields;
  if (appliedMf !== undefined && appliedMf !== null) {
    return { ok: false, reason: 'Invalid', conflicts: [], code: 400, message: 'metadata.managedFields must be nil' };
  }

  const liveBare: Record<string, unknown> = req.live ? withoutManagedFields(req.live) : {};
  let managed: ManagedState;
  if (req.live) {
    const decoded = decodeManagedFields(req.live.metadata?.managedFields);
    managed = decoded.ok ? decoded.managed : new Map();
    if (managed.size === 0) {
      // Ownership of an object never tracked before goes to a synthetic updater.
      const c = compareObjects({}, liveBare, req.schema, ignore);
      const set = union(c.added, c.modified);
      if (!isEmpty(set)) {
        const rec: ManagerRecord = {
          manager: BEFORE_FIRST_APPLY,
          operation: 'Update',
          apiVersion: req.apiVersion,
          subresource: req.subresource ?? '',
          set,
        };
        managed.set(managerIdentifier(rec), rec);
      }
    }
  } else {
    managed = new Map();
  }

  const configSet = computeFieldSet(req.applied, req.schema, options);
  const appliedBare = withoutManagedFields(req.applied);
  let merged = mergeApplied(liveBare, appliedBare, req.schema, resetTrie(options)) as Record<string, unknown>;

  const selfId = managerIdentifier({
    manager: req.manager,
    operation: 'Apply',
    apiVersion: req.apiVersion,
    subresource: req.subresource,
  });
  const previous = managed.get(selfId);
  managed.set(selfId, {
    manager: req.manager,
    operation: 'Apply',
    apiVersion: req.apiVersion,
    subresource: req.subresource ?? '',
    time: previous?.time,
    set: configSet,
  });

  if (previous && !isEmpty(previous.set)) {
    let all = emptyFieldSet();
    for (const r of managed.values()) all = union(all, r.set);
    merged = pruneObject(merged, previous.set, all, req.schema) as Record<string, unknown>;
  }

  const cmp = compareObjects(liveBare, merged, req.schema, ignore);
  const changedSet = union(cmp.modified, cmp.added);
  const conflicts: ApplyConflict[] = [];
  const conflictSets = new Map<string, FieldSet>();
  for (const [id, r] of managed) {
    if (id === selfId) continue;
    const c = intersection(r.set, changedSet);
    if (isEmpty(c)) continue;
    conflictSets.set(id, c);
    for (const p of listPaths(c)) {
      conflicts.push({
        manager: r.manager,
        operation: r.operation,
        apiVersion: r.apiVersion,
        subresource: r.subresource,
        field: pathToString(p),
      });
    }
  }
  if (conflicts.length > 0 && !req.force) {
    return { ok: false, reason: 'Conflict', conflicts: sortConflicts(conflicts) };
  }

  const removedEmpty = isEmpty(cmp.removed);
  for (const [id, r] of managed) {
    if (id === selfId) continue;
    let set = r.set;
    const c = conflictSets.get(id);
    if (c) set = difference(set, c);
    if (!removedEmpty) set = difference(set, cmp.removed);
    if (set !== r.set) managed.set(id, { ...r, set });
  }

  // Equality of values, not of field sets: reordering a keyed list is a change too.
  const changed = !jsonEqual(liveBare, merged);
  if (changed) {
    const self = managed.get(selfId)!;
    managed.set(selfId, { ...self, time: formatTime(req.now) });
  }

  const base = changed ? merged : liveBare;
  return { ok: true, object: finish(base, capUpdateManagers(managed)), changed };
}

/** Input of {@link updateManagedFields}. */
export interface UpdateRequest extends FieldSetOptions {
  /** The stored object before the write; undefined for a create (compared with an empty object). */
  readonly previous: KubeObject | undefined;
  /** The object about to be stored (after the patch or PUT body, defaults and strategy). */
  readonly next: KubeObject;
  /** The `fieldManager` parameter, or the user-agent-derived default the handler computed. */
  readonly manager: string;
  readonly operation: 'Update';
  readonly schema: SchemaNode | undefined;
  /** The apiVersion of the request (`apps/v1`). */
  readonly apiVersion: string;
  readonly now: Date;
  /** The subresource written (`status`, `scale`), empty or absent for the main resource. */
  readonly subresource?: string;
}

/** Outcome of {@link updateManagedFields}. */
export interface UpdateResult {
  /** `next` with metadata.managedFields recomputed (omitted when nothing is managed). */
  readonly object: KubeObject;
  /**
   * Set when the managed fields could not be computed (malformed list items, undecodable stored
   * entries): the apiserver then stores the object without managedFields and logs this.
   */
  readonly error?: string;
}

/**
 * Managed-fields bookkeeping for non-apply writes (POST, PUT, and non-apply PATCH), as the
 * apiserver's field manager does it: the manager gains the fields it added or changed compared with
 * `previous` (merged into its `Update` entry for the same apiVersion and subresource, whose time
 * becomes `now`); every manager loses the fields this write changed or removed; empty entries go.
 * managedFields sent in `next` replace the stored ones when they decode (main resource only); an
 * empty list or `[{}]` resets ownership. Pure: neither input is mutated.
 */
export function updateManagedFields(req: UpdateRequest): UpdateResult {
  const options: FieldSetOptions = req;
  const nextBare = withoutManagedFields(req.next);
  const prevBare: Record<string, unknown> = req.previous ? withoutManagedFields(req.previous) : {};

  let managed: ManagedState;
  const sent = req.next.metadata?.managedFields as unknown;
  const fromLive = (): ManagedState | string => {
    const d = decodeManagedFields(req.previous?.metadata?.managedFields);
    return d.ok ? d.managed : `failed to decode managed fields: ${d.error}`;
  };
  let decoded: ManagedState | string;
  if (req.subresource) decoded = fromLive();
  else if (isResetManagedFields(sent)) decoded = new Map();
  else {
    const d = decodeManagedFields(sent as ManagedFieldsEntry[] | undefined);
    decoded = d.ok && d.managed.size > 0 ? d.managed : fromLive();
  }
  if (typeof decoded === 'string') return { object: finish(nextBare, new Map()), error: decoded };
  managed = decoded;

  let cmp;
  try {
    cmp = compareObjects(prevBare, nextBare, req.schema, ignoreTrie(options));
  } catch (err) {
    if (err instanceof ListItemError) return { object: finish(nextBare, new Map()), error: err.message };
    throw err;
  }
  const changed = union(cmp.modified, cmp.added);
  const removedEmpty = isEmpty(cmp.removed);
  const changedEmpty = isEmpty(changed);
  if (!changedEmpty || !removedEmpty) {
    for (const [id, r] of managed) {
      let set = r.set;
      if (!changedEmpty) set = difference(set, changed);
      if (!removedEmpty) set = difference(set, cmp.removed);
      if (set !== r.set) managed.set(id, { ...r, set });
    }
  }
  if (!changedEmpty) {
    const id = managerIdentifier({
      manager: req.manager,
      operation: 'Update',
      apiVersion: req.apiVersion,
      subresource: req.subresource,
    });
    const prev = managed.get(id);
    managed.set(id, {
      manager: req.manager,
      operation: 'Update',
      apiVersion: req.apiVersion,
      subresource: req.subresource ?? '',
      time: formatTime(req.now),
      set: prev ? union(changed, prev.set) : changed,
    });
  }
  managed = capUpdateManagers(managed);
  return { object: finish(nextBare, managed) };
}

function withoutManagedFields(obj: KubeObject): Record<string, unknown> {
  const md = obj.metadata;
  if (!md || !('managedFields' in md)) return obj as Record<string, unknown>;
  const { managedFields: _ignored, ...rest } = md;
  return { ...obj, metadata: rest };
}

function finish(obj: Record<string, unknown>, managed: ManagedState): KubeObject {
  const entries = encodeManagedFields(managed);
  const md = (obj.metadata ?? {}) as Record<string, unknown>;
  const { managedFields: _ignored, ...rest } = md;
  const metadata: Record<string, unknown> = entries ? { ...rest, managedFields: entries } : rest;
  return { ...obj, metadata } as KubeObject;
}

function sortConflicts(conflicts: ApplyConflict[]): ApplyConflict[] {
  // Stable: within one manager the fields keep structured-merge-diff's set order.
  const id = (c: ApplyConflict): string =>
    managerIdentifier({
      manager: c.manager,
      operation: c.operation,
      apiVersion: c.apiVersion,
      subresource: c.subresource,
    });
  return conflicts
    .map((c, i) => ({ c, i, k: id(c) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((x) => x.c);
}

/**
 * How the apiserver names a manager in conflict texts: `"mgr"` for an applier, `"mgr" using apps/v1`
 * for an updater, with ` with subresource "status"` after the name for subresource managers.
 * `fallbackApiVersion` is used for an updater whose conflict carries no apiVersion.
 */
export function describeManager(c: Omit<ApplyConflict, 'field'>, fallbackApiVersion = ''): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === 'Update') s += ` using ${c.apiVersion || fallbackApiVersion}`;
  return s;
}

/**
 * The message of the 409 the apiserver answers for apply conflicts, exactly:
 * `Apply failed with 1 conflict: conflict with "mgr" using apps/v1: .spec.replicas`, or for several
 * `Apply failed with 2 conflicts: conflicts with "a" using apps/v1:\n- .spec.replicas\n- ...`
 * (managers sorted, each followed by its fields). `apiVersion` is the fallback for conflicts that
 * carry none.
 */
export function conflictStatusMessage(conflicts: readonly ApplyConflict[], apiVersion = ''): string {
  if (conflicts.length === 1) {
    const c = conflicts[0];
    return `Apply failed with 1 conflict: conflict with ${describeManager(c, apiVersion)}: ${c.field}`;
  }
  const byManager = new Map<string, { c: ApplyConflict; fields: string[] }>();
  for (const c of conflicts) {
    const key = managerIdentifier({
      manager: c.manager,
      operation: c.operation,
      apiVersion: c.apiVersion || apiVersion,
      subresource: c.subresource,
    });
    let g = byManager.get(key);
    if (!g) {
      g = { c, fields: [] };
      byManager.set(key, g);
    }
    g.fields.push(c.field);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort()) {
    const g = byManager.get(key)!;
    lines.push(`conflicts with ${describeManager(g.c, apiVersion)}:`);
    for (const f of g.fields) lines.push(`- ${f}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The `details.causes` of the 409: one `FieldManagerConflict` per conflicting field. */
export function conflictCauses(
  conflicts: readonly ApplyConflict[],
  apiVersion = '',
): Array<{ reason: 'FieldManagerConflict'; message: string; field: string }> {
  return conflicts.map((c) => ({
    reason: 'FieldManagerConflict' as const,
    message: `conflict with ${describeManager(c, apiVersion)}`,
    field: c.field,
  }));
}

/**
 * The error the apiserver answers for apply conflicts: 409, reason `Conflict`, the message of
 * {@link conflictStatusMessage} and `details.causes` only (no name or kind).
 */
export function conflictStatusError(conflicts: readonly ApplyConflict[], apiVersion = ''): StatusError {
  return new StatusError(409, 'Conflict', conflictStatusMessage(conflicts, apiVersion), {
    causes: conflictCauses(conflicts, apiVersion),
  });
}
