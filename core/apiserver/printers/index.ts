/** Server-side printing (meta.k8s.io/v1 Table) for built-in kinds and custom resources. */
export { buildTable } from './build-table.js';
export type { BuildTableOptions, IncludeObject, Table, TableColumnDefinition, TableRow } from './build-table.js';
export { tableForCustomColumns, DEFAULT_CUSTOM_COLUMNS } from './custom-columns-printer.js';
export type { CustomResourceColumnDefinition } from './custom-columns-printer.js';
export { printerFor, defaultPrinter, builtInPrinterKinds } from './printer-registry.js';
export { humanDuration, shortHumanDuration, translateTimestampSince } from './human-duration.js';
export { formatQuantity } from './quantity-format.js';
export type { KindPrinter, TableRowCondition } from './kind-printer.js';
