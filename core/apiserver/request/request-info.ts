/** What a request under /api or /apis addresses, as the apiserver's RequestInfoFactory derives it. */
export interface ResourceRequestInfo {
  readonly kind: 'resource';
  /** get, list, watch, create, update, patch, delete, deletecollection. */
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** A discovery path: `/api`, `/apis`, `/api/v1`, `/apis/apps`, `/apis/apps/v1`. */
export interface DiscoveryRequestInfo {
  readonly kind: 'discovery';
  readonly group?: string;
  readonly version?: string;
  /** true for `/api` and `/api/v1` (the core group). */
  readonly legacy: boolean;
}

/** Subresources of a namespace itself (so `/namespaces/x/status` is not a resource named status). */
const namespaceSubresources = new Set(['status', 'finalize']);

export type ApiRequestInfo = ResourceRequestInfo | DiscoveryRequestInfo;

/**
 * Parses the path and method of a request under /api or /apis. Returns undefined for other
 * paths. `watch=true` on a GET turns list into watch.
 */
export function parseApiPath(method: string, path: string, query: URLSearchParams): ApiRequestInfo | undefined {
  const parts = path.split('/').filter((p) => p.length > 0);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'discovery', legacy: true };
    group = '';
    rest = parts.slice(1);
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { kind: 'discovery', legacy: false };
    if (parts.length === 2) return { kind: 'discovery', legacy: false, group: parts[1] };
    group = parts[1]!;
    rest = parts.slice(2);
  } else return undefined;
  const version = rest[0]!;
  if (rest.length === 1) return { kind: 'discovery', legacy: group === '', group, version };
  let segs = rest.slice(1);
  let namespace: string | undefined;
  // /namespaces/{ns}/{resource}... but /namespaces and /namespaces/{name}[/status|finalize] address namespaces themselves.
  if (segs[0] === 'namespaces' && segs.length >= 3 && !namespaceSubresources.has(segs[2]!)) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const [resource, name, subresource, ...extra] = segs;
  if (!resource || extra.length > 0) return undefined;
  const isWatch = query.get('watch') === 'true' || query.get('watch') === '1';
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = name ? (isWatch ? 'watch' : 'get') : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return { kind: 'resource', verb, group, version, resource, namespace, name, subresource };
}
