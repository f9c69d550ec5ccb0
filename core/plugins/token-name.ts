/** A readable name for a service identifier: `capstan.dev/Lifecycle` becomes `Lifecycle`. */
export function tokenName(id: unknown): string {
  if (typeof id === 'symbol') {
    const d = id.description ?? 'symbol';
    return d.startsWith('capstan.dev/') ? d.slice('capstan.dev/'.length) : d;
  }
  if (typeof id === 'function') return id.name || 'anonymous class';
  return String(id);
}
