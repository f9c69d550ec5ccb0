import type { ResourceType } from '../../../sdk/api/resource-type.js';

/** The group/version/resource triple that names a served resource. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/**
 * The resource types the API server serves. Built-in kinds are added at start; CRDs add and
 * remove theirs at runtime, so readers subscribe to changes (discovery and OpenAPI caches).
 */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, ResourceType>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  /** Adds or replaces resource types; notifies subscribers once. */
  register(...types: ResourceType[]): void {
    for (const t of types) this.byGvr.set(key(t.group, t.version, t.plural), t);
    this.changed();
  }

  /** Removes the resource types of one group/version/plural. */
  unregister(group: string, version: string, plural: string): void {
    if (this.byGvr.delete(key(group, version, plural))) this.changed();
  }

  /** Looks up a resource by group, version and plural name. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byGvr.get(key(group, version, plural));
  }

  /** Every served resource type, in registration order. */
  all(): ResourceType[] {
    return [...this.byGvr.values()];
  }

  /** The served group/versions, core first then groups by name, versions in preferred order. */
  groups(): Array<{ group: string; versions: string[] }> {
    const m = new Map<string, string[]>();
    for (const t of this.byGvr.values()) {
      const vs = m.get(t.group) ?? [];
      if (!vs.includes(t.version)) vs.push(t.version);
      m.set(t.group, vs);
    }
    return [...m.entries()]
      .map(([group, versions]) => ({ group, versions: versions.sort(compareVersions) }))
      .sort((a, b) => (a.group === '' ? -1 : b.group === '' ? 1 : a.group.localeCompare(b.group)));
  }

  /** Incremented on every change; caches compare it to know when to rebuild. */
  get version(): number {
    return this.generation;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
  }
}

function key(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

/** Orders versions as Kubernetes prefers them: GA before beta before alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return a.localeCompare(b);
}

/** `apps/v1` or `v1` for the core group. */
export function groupVersionString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
