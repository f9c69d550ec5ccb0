import type { TableColumn } from '../../../sdk/api/resource-type.js';

/**
 * Column definitions shared by the printers. Descriptions are the API field documentation the
 * apiserver copies into each column (kubectl shows them only in `--show-kind`-less `explain`-like
 * tools, never in `get` output).
 */

/** metav1.ObjectMeta `name` documentation. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** metav1.ObjectMeta `creationTimestamp` documentation. */
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column; `priority` 1 shows only with `-o wide`. */
export function column(
  name: string,
  type: TableColumn['type'],
  description: string,
  priority: 0 | 1 = 0,
  format = '',
): TableColumn {
  return { name, type, format, description, priority };
}

/** The `Name` column (format `name`), first in every printer. */
export function nameColumn(priority: 0 | 1 = 0): TableColumn {
  return column('Name', 'string', NAME_DESCRIPTION, priority, 'name');
}

/** The `Age` column (a string cell such as `5m`). */
export function ageColumn(): TableColumn {
  return column('Age', 'string', CREATION_TIMESTAMP_DESCRIPTION);
}

/** The wide `Containers` column of workload printers. */
export function containersColumn(): TableColumn {
  return column('Containers', 'string', 'Names of each container in the template.', 1);
}

/** The wide `Images` column of workload printers. */
export function imagesColumn(): TableColumn {
  return column('Images', 'string', 'Images referenced by each container in the template.', 1);
}

/** The wide `Selector` column of workload printers. */
export function selectorColumn(description: string): TableColumn {
  return column('Selector', 'string', description, 1);
}
