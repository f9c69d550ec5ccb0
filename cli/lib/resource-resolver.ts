import type { KubeClient } from '../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../sdk/client/resource-descriptor.js';
import { CliError } from './cli-errors.js';

/** One resource of the server's discovery, as the CLI uses it. */
export interface ApiResource extends ResourceDescriptor {
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly verbs: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly string[];
  /** True for the preferred (first listed) version of its group. */
  readonly preferred: boolean;
}

interface DiscoveryResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string }[];
}
interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: DiscoveryResource[] }[];
}

const aggregatedAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** `deployment.apps`, `pod`: how kubectl names a resource type in `TYPE/NAME` output. */
export function typeName(r: { kind?: string; group: string }): string {
  const kind = (r.kind ?? '').toLowerCase();
  return r.group ? `${kind}.${r.group}` : kind;
}

/** `apps/v1` or `v1`. */
export function apiVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * Maps what users type (`po`, `pods`, `pod`, `Pod`, `deploy`, `deployments.apps`,
 * `deployments.v1.apps`) and what manifests say (apiVersion + kind) to resources, through the
 * server's aggregated discovery, like kubectl's RESTMapper: the core group first, then the groups
 * in the server's order, preferred versions unless a version is named.
 */
export class ResourceResolver {
  private resources?: Promise<ApiResource[]>;

  constructor(private readonly client: KubeClient) {}

  /** Every resource the server serves (cached for this process; `refresh` fetches again). */
  all(refresh = false): Promise<ApiResource[]> {
    if (!this.resources || refresh) {
      this.resources = this.fetch();
      this.resources.catch(() => (this.resources = undefined));
    }
    return this.resources;
  }

  /** Resolves a resource name as typed on the command line; throws a one-line error when unknown. */
  async resolve(token: string): Promise<ApiResource> {
    const found = match(await this.all(), token) ?? match(await this.all(true), token);
    if (!found) throw new CliError(`the server doesn't have a resource type "${token}"`);
    return found;
  }

  /** The resources of a category (`all`), in discovery order. */
  async category(name: string): Promise<ApiResource[]> {
    return (await this.all()).filter((r) => r.preferred && r.categories.includes(name));
  }

  /** Resolves the apiVersion and kind of a manifest; undefined when the server does not know them. */
  async forKind(apiVersion: string, kind: string, refresh = false): Promise<ApiResource | undefined> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
    return (await this.all(refresh)).find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  private async fetch(): Promise<ApiResource[]> {
    const out: ApiResource[] = [];
    for (const path of ['/api', '/apis']) {
      const list = await this.client.request<{ kind?: string; items?: DiscoveryGroup[] }>('GET', path, undefined, {
        Accept: aggregatedAccept,
      });
      if (list?.kind !== 'APIGroupDiscoveryList')
        throw new CliError(`the server at ${path} does not serve aggregated discovery (Kubernetes 1.30+ is needed)`);
      for (const g of list.items ?? []) {
        const group = g.metadata?.name ?? '';
        (g.versions ?? []).forEach((v, i) => {
          for (const r of v.resources ?? []) {
            out.push({
              group,
              version: v.version,
              plural: r.resource,
              kind: r.responseKind?.kind ?? '',
              namespaced: r.scope === 'Namespaced',
              singular: r.singularResource ?? '',
              shortNames: r.shortNames ?? [],
              verbs: r.verbs ?? [],
              categories: r.categories ?? [],
              subresources: (r.subresources ?? []).map((s) => s.subresource),
              preferred: i === 0,
            });
          }
        });
      }
    }
    return out;
  }
}

function match(all: ApiResource[], token: string): ApiResource | undefined {
  const t = token.toLowerCase();
  const named = (r: ApiResource, n: string) =>
    r.plural === n || r.singular === n || r.kind.toLowerCase() === n || r.shortNames.includes(n);
  const plain = all.filter((r) => r.preferred && named(r, t));
  if (plain.length) return plain.find((r) => r.plural === t) ?? plain[0];
  const dot = t.indexOf('.');
  if (dot < 0) return undefined;
  const name = t.slice(0, dot);
  const rest = t.slice(dot + 1);
  // resource.version.group
  const vDot = rest.indexOf('.');
  if (vDot > 0) {
    const version = rest.slice(0, vDot);
    const group = rest.slice(vDot + 1);
    const exact = all.find((r) => r.group === group && r.version === version && named(r, name));
    if (exact) return exact;
  }
  // resource.group (preferred version)
  return all.find((r) => r.preferred && r.group === rest && named(r, name));
}
