import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { TablePrinter } from '../../../sdk/api/resource-type.js';
import type { KindPrinter, TableRowCondition } from './kind-printer.js';

/** How much of each object a Table row carries (the `includeObject` query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of {@link buildTable}. */
export interface BuildTableOptions {
  /** The server's clock, for ages. */
  now: Date;
  /** `Metadata` (the default kubectl gets), `Object` (for `--sort-by`), or `None`. */
  includeObject: IncludeObject;
  /** The list's (or the single object's) resourceVersion. */
  resourceVersion?: string;
  /** The list's continue token, when a limit cut it. */
  continue?: string;
  /** The list's remainingItemCount, when known. */
  remainingItemCount?: number;
  /** The apiVersion of the served objects (e.g. `apps/v1`), filled in on `Object` rows that lack it. */
  apiVersion: string;
  /** The kind of the served objects (e.g. `Deployment`), filled in on `Object` rows that lack it. */
  kind: string;
  /** Omit the column definitions (TableOptions.noHeaders; watch events after the first). */
  noHeaders?: boolean;
}

/** A meta.k8s.io/v1 TableColumnDefinition on the wire. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A meta.k8s.io/v1 TableRow on the wire. */
export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

/** A meta.k8s.io/v1 Table on the wire. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

function rowObject(o: KubeObject, options: BuildTableOptions): unknown {
  switch (options.includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return { ...o, apiVersion: o.apiVersion ?? options.apiVersion, kind: o.kind ?? options.kind };
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
  }
}

/**
 * The Table kubectl gets for `kubectl get` (Accept `as=Table;g=meta.k8s.io;v=v1`): the printer's
 * columns and one row per object, each row with its cells (absent cells as null) and, per
 * `includeObject`, a PartialObjectMetadata, the full object, or nothing. Does not mutate the
 * objects; throws only if the printer does.
 */
export function buildTable(printer: TablePrinter, objects: readonly KubeObject[], options: BuildTableOptions): Table {
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  if (options.remainingItemCount !== undefined) metadata.remainingItemCount = options.remainingItemCount;
  const kindPrinter = printer as KindPrinter;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.noHeaders
      ? []
      : printer.columns.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description ?? '',
          priority: c.priority,
        })),
    rows: objects.map((o) => {
      const row: TableRow = { cells: printer.cells(o, options.now).map((c) => (c === undefined ? null : c)) };
      const conditions = kindPrinter.rowConditions?.(o);
      if (conditions && conditions.length > 0) row.conditions = conditions;
      const object = rowObject(o, options);
      if (object !== undefined) row.object = object;
      return row;
    }),
  };
}
