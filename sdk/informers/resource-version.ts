/**
 * Compares two resourceVersions. Kubernetes calls them opaque, but both etcd-backed servers and
 * Capstan use increasing integers; when both are integers the result is -1, 0 or 1, otherwise
 * undefined (unknown order).
 */
export function compareResourceVersions(a: string | undefined, b: string | undefined): -1 | 0 | 1 | undefined {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
