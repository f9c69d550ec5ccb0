import type { KubeObject } from '../../sdk/api/kube-object.js';

/** A column of a server-side `meta.k8s.io/v1` Table. */
export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  /** 0 always shown; higher only with `-o wide`. */
  priority?: number;
}

/** A row of a server-side Table; `object` is PartialObjectMetadata or the full object. */
export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
}

/** A server-side `meta.k8s.io/v1` Table. */
export interface Table {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/** How kubectl decorates a Table (flags of `get`). */
export interface TableOptions {
  /** `-o wide`: also the columns of priority > 0. */
  wide?: boolean;
  /** `-A`: a NAMESPACE column first, from each row's object. */
  withNamespace?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `TYPE` shown before names as `TYPE/NAME` (several types listed at once). */
  kindPrefix?: string;
  /** `--no-headers`. */
  noHeaders?: boolean;
}

/** Labels as kubectl formats them: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** A cell as Go's fmt.Fprint prints the decoded JSON value. */
export function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '<nil>';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return JSON.stringify(cell);
}

/** The header cells of a Table under the options (names upper-cased, like kubectl). */
export function tableHeader(table: Table, o: TableOptions = {}): string[] {
  const cols = table.columnDefinitions.filter((c) => o.wide || !c.priority);
  const out = cols.map((c) => c.name.toUpperCase());
  if (o.withNamespace) out.unshift('NAMESPACE');
  if (o.showLabels) out.push('LABELS');
  return out;
}

/** The rows of a Table as cells, decorated like kubectl's table printer. */
export function tableRows(table: Table, o: TableOptions = {}): string[][] {
  const visible = table.columnDefinitions.map((c) => o.wide || !c.priority);
  return table.rows.map((row) => {
    const cells: string[] = [];
    row.cells.forEach((cell, i) => {
      if (i >= visible.length || !visible[i]) return;
      let text = formatCell(cell);
      if (cells.length === 0 && o.kindPrefix) text = `${o.kindPrefix}/${text}`;
      cells.push(text);
    });
    if (o.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
    if (o.showLabels) cells.push(formatLabels(row.object?.metadata?.labels));
    return cells;
  });
}

/**
 * Aligns lines of cells the way kubectl's tabwriter does (minimum width 0, padding 3): each column
 * is as wide as its widest cell plus three spaces; the last cell of a line is not padded.
 */
export function alignColumns(lines: string[][], padding = 3): string {
  const widths: number[] = [];
  for (const cells of lines) {
    cells.forEach((c, i) => {
      if (i === cells.length - 1) return;
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return lines
    .map((cells) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length + padding)))
        .join(''),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** A whole Table as kubectl prints it (header, then rows), or '' when it has no rows. */
export function printTable(table: Table, o: TableOptions = {}): string {
  if (!table.rows.length) return '';
  const lines = tableRows(table, o);
  if (!o.noHeaders) lines.unshift(tableHeader(table, o));
  return alignColumns(lines);
}
