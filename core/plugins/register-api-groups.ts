import type { ResourceRegistry } from '../apiserver/registry/resource-registry.js';
import type { PluginHost } from './plugin-host.js';

/**
 * Adds the plugins' ApiGroup contributions to the API server's registry. Throws an Error naming the
 * plugin when it contributes a resource (group, version, plural) that is already served.
 */
export function registerApiGroups(host: PluginHost, registry: ResourceRegistry): void {
  for (const { plugin, types } of host.apiGroups()) {
    for (const t of types) {
      if (registry.lookup(t.group, t.version, t.plural) !== undefined)
        throw new Error(
          `plugin "${plugin}" contributes ${t.group === '' ? '' : `${t.group}/`}${t.version}/${t.plural}, which is already served`,
        );
    }
    registry.register(...types);
  }
}
