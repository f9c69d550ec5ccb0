import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { KubeClient } from '../../sdk/client/kube-client.js';
import { resourcePath, withQuery } from '../../sdk/client/resource-path.js';
import type { ApiResource } from './resource-resolver.js';
import { apiVersionOf } from './resource-resolver.js';
import type { Table } from './table-printer.js';

/** The Accept header kubectl sends for server-side printing. */
export const tableAccept =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

/** Selectors and scope of a list. */
export interface ListScope {
  /** undefined: all namespaces (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Lists every page of a resource as a server-side Table (limit 500, following `continue`). */
export async function listTable(client: KubeClient, res: ApiResource, scope: ListScope): Promise<Table> {
  let table: Table | undefined;
  let cont: string | undefined;
  do {
    const path = withQuery(resourcePath(res, res.namespaced ? scope.namespace : undefined), {
      labelSelector: scope.labelSelector,
      fieldSelector: scope.fieldSelector,
      limit: 500,
      continue: cont,
    });
    const page = await client.request<Table>('GET', path, undefined, { Accept: tableAccept });
    if (!table) table = { ...page, rows: [...(page.rows ?? [])] };
    else table.rows.push(...(page.rows ?? []));
    table.metadata = page.metadata;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return table;
}

/** One object as a one-row server-side Table. */
export function getTable(client: KubeClient, res: ApiResource, name: string, namespace?: string): Promise<Table> {
  return client.request<Table>('GET', resourcePath(res, res.namespaced ? namespace : undefined, name), undefined, {
    Accept: tableAccept,
  });
}

/** Lists every page of a resource as objects (apiVersion and kind filled in). */
export async function listObjects(client: KubeClient, res: ApiResource, scope: ListScope): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  let cont: string | undefined;
  do {
    const page = await client.list(res, {
      namespace: res.namespaced ? scope.namespace : undefined,
      labelSelector: scope.labelSelector,
      fieldSelector: scope.fieldSelector,
      limit: 500,
      continue: cont,
    });
    for (const o of page.items) {
      o.apiVersion = apiVersionOf(res);
      o.kind = res.kind;
      out.push(o);
    }
    cont = page.metadata.continue || undefined;
  } while (cont);
  return out;
}
