import type { ManagedFieldsEntry } from '../../../sdk/api/kube-object.js';
import { decodeFieldsV1, encodeFieldsV1, isEmpty, union, type FieldSet } from './fields-v1.js';

/** One manager's ownership record, decoded from a managedFields entry. */
export interface ManagerRecord {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  /** The apiVersion the set was recorded in. */
  readonly apiVersion: string;
  /** Empty for the main resource. */
  readonly subresource: string;
  /** RFC 3339 time of the last change by this manager, when known. */
  readonly time?: string;
  readonly set: FieldSet;
}

/** Decoded managedFields keyed by manager identifier (see {@link managerIdentifier}). */
export type ManagedState = Map<string, ManagerRecord>;

/**
 * The identity of a manager as the apiserver builds it: name, operation, subresource, and the
 * apiVersion for Update managers only (an applier keeps one entry across versions).
 */
export function managerIdentifier(r: {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}): string {
  const id: Record<string, string> = { manager: r.manager, operation: r.operation };
  if (r.operation === 'Update' && r.apiVersion) id.apiVersion = r.apiVersion;
  if (r.subresource) id.subresource = r.subresource;
  return JSON.stringify(id);
}

/** Outcome of {@link decodeManagedFields}. */
export type DecodeResult = { ok: true; managed: ManagedState } | { ok: false; error: string };

/**
 * Decodes `metadata.managedFields` with the apiserver's validation: operation `Apply` or `Update`,
 * a non-empty apiVersion, `fieldsType: FieldsV1`, a well-formed fieldsV1. Entries with the same
 * identity are merged. Never throws.
 */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): DecodeResult {
  const managed: ManagedState = new Map();
  if (!entries) return { ok: true, managed };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] ?? {};
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      return { ok: false, error: 'operation must be `Apply` or `Update`' };
    }
    if (!e.apiVersion) return { ok: false, error: 'apiVersion must not be empty' };
    if (!e.fieldsType) return { ok: false, error: `missing fieldsType in managed fields entry ${i}` };
    if (e.fieldsType !== 'FieldsV1') {
      return { ok: false, error: `invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}` };
    }
    let set: FieldSet;
    try {
      set = decodeFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      return { ok: false, error: `error decoding versioned set: ${(err as Error).message}` };
    }
    const record: ManagerRecord = {
      manager: e.manager ?? '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      subresource: e.subresource ?? '',
      time: e.time,
      set,
    };
    const id = managerIdentifier(record);
    const prev = managed.get(id);
    managed.set(id, prev ? { ...record, set: union(prev.set, set) } : record);
  }
  return { ok: true, managed };
}

/**
 * True for the managedFields values that ask the apiserver to forget all ownership: an empty list
 * or a list with one empty entry.
 */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  if (entries.length !== 1) return false;
  const only = entries[0] as unknown;
  return only !== null && typeof only === 'object' && Object.keys(only).length === 0;
}

/**
 * Encodes the state as `metadata.managedFields`, dropping empty sets, sorted as the apiserver sorts:
 * by operation (Apply first), time (oldest first, no time first), manager, apiVersion, subresource.
 * Returns undefined when nothing is managed (the field is then omitted).
 */
export function encodeManagedFields(managed: ManagedState): ManagedFieldsEntry[] | undefined {
  const out: ManagedFieldsEntry[] = [];
  for (const r of managed.values()) {
    if (isEmpty(r.set)) continue;
    const entry: ManagedFieldsEntry = { manager: r.manager, operation: r.operation, apiVersion: r.apiVersion };
    if (r.time) entry.time = r.time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = encodeFieldsV1(r.set);
    if (r.subresource) entry.subresource = r.subresource;
    out.push(entry);
  }
  if (out.length === 0) return undefined;
  out.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation! < q.operation! ? -1 : 1;
    const ps = seconds(p.time);
    const qs = seconds(q.time);
    if (ps !== qs) return ps - qs;
    if (p.manager !== q.manager) return p.manager! < q.manager! ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion! < q.apiVersion! ? -1 : 1;
    const pr = p.subresource ?? '';
    const qr = q.subresource ?? '';
    return pr < qr ? -1 : pr > qr ? 1 : 0;
  });
  return out;
}

function seconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** RFC 3339 in UTC without fractional seconds, as metav1.Time serializes: `2024-05-01T10:00:00Z`. */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Name of the bucket Update entries are folded into past the cap. */
export const ANCIENT_CHANGES_MANAGER = 'ancient-changes';
/** The apiserver keeps at most this many Update entries. */
export const MAX_UPDATE_MANAGERS = 10;

/**
 * Folds the oldest Update entries into per-apiVersion `ancient-changes` entries until at most
 * {@link MAX_UPDATE_MANAGERS} Update entries remain, as the apiserver's capManagers step does.
 */
export function capUpdateManagers(managed: ManagedState, max = MAX_UPDATE_MANAGERS): ManagedState {
  const updaters: string[] = [];
  for (const [id, r] of managed) if (r.operation === 'Update') updaters.push(id);
  if (updaters.length <= max) return managed;
  updaters.sort((a, b) => {
    const ta = seconds(managed.get(a)!.time);
    const tb = seconds(managed.get(b)!.time);
    if (ta !== tb) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const firstByVersion = new Map<string, string>();
  let count = updaters.length;
  for (let i = 0; i < updaters.length && count > max; i++) {
    const id = updaters[i];
    const r = managed.get(id)!;
    const bucket = managerIdentifier({
      manager: ANCIENT_CHANGES_MANAGER,
      operation: 'Update',
      apiVersion: r.apiVersion,
    });
    const first = firstByVersion.get(r.apiVersion);
    if (first === undefined) {
      firstByVersion.set(r.apiVersion, id);
      continue;
    }
    let bucketRecord = managed.get(bucket);
    if (!bucketRecord) {
      const f = managed.get(first)!;
      managed.delete(first);
      bucketRecord = { ...f, manager: ANCIENT_CHANGES_MANAGER, subresource: '' };
    }
    managed.set(bucket, {
      manager: ANCIENT_CHANGES_MANAGER,
      operation: 'Update',
      apiVersion: r.apiVersion,
      subresource: '',
      time: r.time,
      set: union(r.set, bucketRecord.set),
    });
    managed.delete(id);
    count--;
  }
  return managed;
}
