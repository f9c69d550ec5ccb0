import type { ResourceType } from '../api/resource-type.js';

/**
 * Contribution point for API resources. A plugin that serves a group binds the group's resource
 * types, for example `bind(ApiGroup).toConstantValue([deploymentType, replicaSetType])`. The host
 * collects every plugin's ApiGroup contributions after registration and before the API server
 * serves, and refuses a resource (group, version, plural) that is already served, naming the plugin.
 */
export const ApiGroup = Symbol.for('capstan.dev/ApiGroup');

/** The resource types one ApiGroup contribution serves (one or several groups and versions). */
export type ApiGroup = readonly ResourceType[];
