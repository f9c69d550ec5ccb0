import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { TablePrinter } from '../../../sdk/api/resource-type.js';

/** A meta.k8s.io/v1 TableRowCondition (the apiserver marks finished pods `Completed`). */
export interface TableRowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/**
 * A TablePrinter that may also attach row conditions. {@link buildTable} honours
 * `rowConditions`; callers that only know TablePrinter still get the right cells.
 */
export interface KindPrinter extends TablePrinter {
  /** Conditions of the row of `obj`, or undefined for none. Pure. */
  rowConditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
