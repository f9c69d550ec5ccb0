import { column, CREATION_TIMESTAMP_DESCRIPTION, nameColumn } from './column-descriptions.js';
import { parseTimestamp } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';

/** RFC 3339 in UTC with whole seconds, as Go's `t.UTC().Format(time.RFC3339)`; Go's zero time when absent. */
export function rfc3339Seconds(timestamp: unknown): string {
  const t = parseTimestamp(timestamp);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The apiserver's default table (rest.NewDefaultTableConvertor) for kinds without a printer:
 * `Name` and `Created At` (type date, an RFC 3339 cell). Roles, ClusterRoles, LimitRanges and
 * CustomResourceDefinitions print this way.
 */
export const defaultPrinter: KindPrinter = {
  columns: [nameColumn(), column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells(o) {
    return [o.metadata.name ?? '', rfc3339Seconds(o.metadata.creationTimestamp)];
  },
};
