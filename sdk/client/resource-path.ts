import type { KubeObject } from '../api/kube-object.js';
import type { ResourceDescriptor } from './resource-descriptor.js';

/** Query parameters; undefined values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/**
 * The URL path of a resource collection or object, as the Kubernetes API lays them out:
 * `/api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]` for the core group,
 * `/apis/{group}/{version}/...` for the others. A namespaced resource without a namespace names
 * the collection across all namespaces.
 */
export function resourcePath(
  res: ResourceDescriptor<KubeObject>,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = res.group ? `/apis/${res.group}/${res.version}` : `/api/${res.version}`;
  if (res.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${res.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** Appends the defined parameters as a query string. */
export function withQuery(path: string, params: QueryParams): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
