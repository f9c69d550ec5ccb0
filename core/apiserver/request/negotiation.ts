import { apiErrors } from '../status.js';

/** How the client wants a response rendered. */
export interface ResponseFormat {
  /** Server-side printing (meta.k8s.io Table) was asked for. */
  table: boolean;
  /** `includeObject` for tables: None, Metadata (default) or Object. */
  includeObject: 'None' | 'Metadata' | 'Object';
}

const acceptable = [
  'application/json',
  'application/*',
  '*/*',
  'application/vnd.kubernetes.protobuf',
  'application/yaml',
];

/**
 * Reads the Accept header as the apiserver negotiates it: a Table when a `as=Table;g=meta.k8s.io`
 * entry is present, JSON otherwise (also for protobuf-first clients). 406 when nothing acceptable.
 */
export function negotiate(accept: string | undefined, query: URLSearchParams): ResponseFormat {
  const include = (query.get('includeObject') ?? 'Metadata') as ResponseFormat['includeObject'];
  if (!accept) return { table: false, includeObject: include };
  let table = false;
  let ok = false;
  for (const entry of accept.split(',')) {
    const [type, ...params] = entry.split(';').map((s) => s.trim());
    const p = new Map(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    if (type === 'application/json' && p.get('as') === 'Table' && p.get('g') === 'meta.k8s.io') table = true;
    if (acceptable.includes(type!.toLowerCase())) ok = true;
  }
  if (!ok && !table) {
    throw apiErrors.notAcceptable(
      `only the following media types are accepted: ${acceptable.slice(0, 1).join(', ')}, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  return { table, includeObject: include };
}
