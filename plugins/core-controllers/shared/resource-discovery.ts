import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { defineResource, type ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';

/** One resource found by discovery, with its verbs. */
export interface DiscoveredResource {
  readonly descriptor: ResourceDescriptor<KubeObject>;
  readonly verbs: readonly string[];
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

interface ApiGroupList {
  groups: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string } }>;
}

/**
 * The server's preferred version of every resource (no subresources), as client-go's
 * ServerPreferredResources gives it. Groups whose discovery fails are left out and named in `failed`.
 */
export async function discoverResources(
  client: KubeClient,
): Promise<{ resources: DiscoveredResource[]; failed: string[] }> {
  const versions: Array<{ group: string; version: string }> = [{ group: '', version: 'v1' }];
  const groups = await client.request<ApiGroupList>('GET', '/apis');
  for (const g of groups.groups ?? []) {
    if (g.preferredVersion) versions.push({ group: g.name, version: g.preferredVersion.version });
  }
  const resources: DiscoveredResource[] = [];
  const failed: string[] = [];
  await Promise.all(
    versions.map(async ({ group, version }) => {
      const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
      try {
        const list = await client.request<{ resources?: ApiResource[] }>('GET', path);
        for (const r of list.resources ?? []) {
          if (r.name.includes('/')) continue;
          resources.push({
            descriptor: defineResource({ group, version, plural: r.name, kind: r.kind, namespaced: r.namespaced }),
            verbs: r.verbs ?? [],
          });
        }
      } catch {
        failed.push(group ? `${group}/${version}` : version);
      }
    }),
  );
  resources.sort((a, b) => descriptorId(a.descriptor).localeCompare(descriptorId(b.descriptor)));
  return { resources, failed };
}

/** `plural.group` (`pods` for the core group), the GroupResource text Kubernetes prints. */
export function descriptorId(d: ResourceDescriptor<KubeObject>): string {
  return d.group ? `${d.plural}.${d.group}` : d.plural;
}

/** True when the resource has every verb named. */
export function hasVerbs(r: DiscoveredResource, ...verbs: string[]): boolean {
  return verbs.every((v) => r.verbs.includes(v));
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOfApiVersion(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}
