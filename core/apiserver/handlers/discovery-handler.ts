import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ResourceRegistry } from '../registry/resource-registry.js';
import { groupVersionString } from '../registry/resource-registry.js';

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The media type of aggregated discovery v2 responses. */
export const aggregatedDiscoveryV2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const aggregatedDiscoveryV2Beta1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/**
 * Builds the discovery documents (aggregated v2 and the legacy APIVersions, APIGroupList,
 * APIGroup and APIResourceList) from the registry, rebuilt whenever the registry changes.
 */
export class DiscoveryHandler {
  private cacheVersion = -1;
  private cache = new Map<string, { body: string; contentType: string }>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly serverAddress: () => string,
  ) {}

  /**
   * The response for a discovery path, or undefined when the group or version is not served.
   * `accept` selects aggregated discovery for `/api` and `/apis`.
   */
  respond(
    path: { legacy: boolean; group?: string; version?: string },
    accept: string | undefined,
  ): { body: string; contentType: string } | undefined {
    if (this.cacheVersion !== this.registry.version) {
      this.cache.clear();
      this.cacheVersion = this.registry.version;
    }
    const wantsAggregated = !path.group && !path.version && (accept ?? '').includes('as=APIGroupDiscoveryList');
    const aggregatedType =
      (accept ?? '').includes('v=v2;') || (accept ?? '').includes('v=v2,') || (accept ?? '').endsWith('v=v2')
        ? aggregatedDiscoveryV2
        : aggregatedDiscoveryV2Beta1;
    const key = `${path.legacy}|${path.group ?? ''}|${path.version ?? ''}|${wantsAggregated ? aggregatedType : ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const built = this.build(path, wantsAggregated, aggregatedType);
    if (built) this.cache.set(key, built);
    return built;
  }

  private build(
    path: { legacy: boolean; group?: string; version?: string },
    aggregated: boolean,
    aggregatedType: string,
  ): { body: string; contentType: string } | undefined {
    const json = (v: unknown) => ({ body: JSON.stringify(v), contentType: 'application/json' });
    const groups = this.registry.groups();
    if (aggregated) {
      const selected = groups.filter((g) => (path.legacy ? g.group === '' : g.group !== ''));
      const apiVersion =
        aggregatedType === aggregatedDiscoveryV2 ? 'apidiscovery.k8s.io/v2' : 'apidiscovery.k8s.io/v2beta1';
      return {
        contentType: aggregatedType,
        body: JSON.stringify({
          kind: 'APIGroupDiscoveryList',
          apiVersion,
          metadata: {},
          items: selected.map((g) => ({
            metadata: { name: g.group },
            versions: g.versions.map((v) => ({
              version: v,
              resources: this.typesOf(g.group, v).map(aggregatedResource),
              freshness: 'Current',
            })),
          })),
        }),
      };
    }
    if (path.legacy && !path.version) {
      return json({
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }],
      });
    }
    if (!path.legacy && !path.group) {
      return json({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.filter((g) => g.group !== '').map(apiGroup),
      });
    }
    const group = path.legacy ? '' : path.group!;
    const g = groups.find((x) => x.group === group);
    if (!g) return undefined;
    if (!path.version) return json({ kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) });
    if (!g.versions.includes(path.version)) return undefined;
    return json({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: groupVersionString(group, path.version),
      resources: this.typesOf(group, path.version).flatMap(legacyResources),
    });
  }

  private typesOf(group: string, version: string): ResourceType[] {
    return this.registry
      .all()
      .filter((t) => t.group === group && t.version === version)
      .sort((a, b) => a.plural.localeCompare(b.plural));
  }
}

function apiGroup(g: { group: string; versions: string[] }) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

function verbsOf(t: ResourceType): string[] {
  return [...(t.verbs ?? allVerbs)];
}

function subresourcesOf(
  t: ResourceType,
): Array<{ name: string; kind: string; group: string; version: string; verbs: string[] }> {
  const subs: Array<{ name: string; kind: string; group: string; version: string; verbs: string[] }> = [];
  if (t.statusSubresource)
    subs.push({ name: 'status', kind: t.kind, group: t.group, version: t.version, verbs: ['get', 'patch', 'update'] });
  if (t.scaleSubresource)
    subs.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
  for (const s of t.extraSubresources ?? [])
    subs.push({
      name: s.name,
      kind: s.kind,
      group: s.group ?? t.group,
      version: s.version ?? t.version,
      verbs: [...s.verbs],
    });
  return subs;
}

function aggregatedResource(t: ResourceType) {
  const r: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: verbsOf(t),
  };
  if (t.shortNames?.length) r.shortNames = [...t.shortNames];
  if (t.categories?.length) r.categories = [...t.categories];
  const subs = subresourcesOf(t);
  if (subs.length > 0) {
    r.subresources = subs.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group, version: s.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return r;
}

function legacyResources(t: ResourceType) {
  const main: Record<string, unknown> = {
    name: t.plural,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: verbsOf(t),
  };
  if (t.shortNames?.length) main.shortNames = [...t.shortNames];
  if (t.categories?.length) main.categories = [...t.categories];
  const subs = subresourcesOf(t).map((s) => {
    const r: Record<string, unknown> = {
      name: `${t.plural}/${s.name}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: s.kind,
      verbs: s.verbs,
    };
    if (s.group !== t.group || s.version !== t.version) {
      r.group = s.group;
      r.version = s.version;
    }
    return r;
  });
  return [main, ...subs];
}
