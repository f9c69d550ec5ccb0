import type { TableColumn, TablePrinter } from '../../../sdk/api/resource-type.js';
import { CREATION_TIMESTAMP_DESCRIPTION, nameColumn } from './column-descriptions.js';
import { humanDuration } from './human-duration.js';
import { compileJsonPath, evaluateJsonPath, type CompiledJsonPath } from './jsonpath-lite.js';

/** One entry of a CRD version's `additionalPrinterColumns` (apiextensions.k8s.io/v1). */
export interface CustomResourceColumnDefinition {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The column a CRD version without additionalPrinterColumns gets: Age from metadata.creationTimestamp. */
export const DEFAULT_CUSTOM_COLUMNS: readonly CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' },
];

const COLUMN_TYPES: ReadonlySet<string> = new Set(['integer', 'number', 'string', 'boolean', 'date']);

/** Go's json.Marshal order: object keys sorted. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

/** A JSONPath result printed as `kubectl get -o jsonpath` would: scalars as text, objects and arrays as JSON. */
function printResult(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') return sortedJson(value);
  return String(value);
}

/** The cell of a typed column for a JSON value (the CRD table convertor's cellForJSONValue). */
function typedCell(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'string':
      return typeof value === 'string' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
        ? Date.parse(value)
        : NaN;
      if (Number.isNaN(t)) return '<invalid>';
      return humanDuration(now.getTime() - t);
    }
    default:
      return null;
  }
}

/**
 * The printer of a custom resource version, from its `additionalPrinterColumns`: `Name` first,
 * then each column (description defaults to `Custom resource definition column (in JSONPath
 * format): <path>`). With no columns, the Age column Kubernetes serves by default is used.
 * Like the apiextensions-apiserver, a column whose JSONPath does not parse ends the list (the
 * columns before it are kept). Cells are null where the path finds nothing; `date` cells are
 * ages such as `5m`.
 */
export function tableForCustomColumns(columns: readonly CustomResourceColumnDefinition[] | undefined): TablePrinter {
  const definitions = columns === undefined || columns.length === 0 ? DEFAULT_CUSTOM_COLUMNS : columns;
  const headers: TableColumn[] = [nameColumn()];
  const paths: CompiledJsonPath[] = [];
  for (const col of definitions) {
    let path: CompiledJsonPath;
    try {
      path = compileJsonPath(col.jsonPath);
    } catch {
      break;
    }
    paths.push(path);
    headers.push({
      name: col.name,
      type: (COLUMN_TYPES.has(col.type) ? col.type : 'string') as TableColumn['type'],
      format: col.format ?? '',
      description: col.description
        ? col.description
        : `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
      priority: col.priority !== undefined && col.priority !== 0 ? 1 : 0,
    });
  }
  const types = definitions.map((d) => d.type);
  return {
    columns: headers,
    cells(o, now) {
      const cells: unknown[] = [o.metadata.name ?? ''];
      paths.forEach((path, i) => {
        const results = evaluateJsonPath(path, o);
        if (results.length === 0) {
          cells.push(null);
          return;
        }
        const value = results[0];
        cells.push(types[i] === 'string' ? printResult(value) : typedCell(types[i]!, value, now));
      });
      return cells;
    },
  };
}
