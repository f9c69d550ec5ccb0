import type {
  ExtensionPoint,
  KubeSchedulerConfiguration,
  KubeSchedulerProfile,
  PluginRef,
  Plugins,
  PluginSet,
} from '../../sdk/scheduler/index.js';

/** The scheduler name pods get by default. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Every extension point, in pipeline order. */
export const extensionPoints: readonly ExtensionPoint[] = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
];

/**
 * kube-scheduler v1.32's default multiPoint plugins and score weights
 * (pkg/scheduler/apis/config/v1/default_plugins.go), without the volume plugins, which need the
 * storage stack, and DynamicResources (feature-gated).
 */
export const defaultMultiPoint: readonly PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** A profile after defaulting: the per-point PluginSets merged with the defaults. */
export interface ResolvedProfile {
  schedulerName: string;
  percentageOfNodesToScore?: number;
  plugins: Required<Plugins>;
  pluginArgs: Map<string, Record<string, unknown> | undefined>;
}

/** Merges a custom PluginSet into the default one as v1 defaulting does (mergePluginSet). */
export function mergePluginSet(def: PluginSet, custom: PluginSet | undefined): PluginSet {
  if (!custom) return { enabled: [...(def.enabled ?? [])], disabled: [] };
  const disabled = new Set((custom.disabled ?? []).map((d) => d.name));
  const customByName = new Map((custom.enabled ?? []).map((p, i) => [p.name, { p, i }]));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of def.enabled ?? []) {
      if (disabled.has(d.name)) continue;
      const c = customByName.get(d.name);
      if (c) replaced.add(c.i);
      enabled.push(c ? c.p : d);
    }
  }
  (custom.enabled ?? []).forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled: (custom.disabled ?? []).map((d) => ({ name: d.name })) };
}

/** Applies the defaults to one profile. */
export function resolveProfile(p: KubeSchedulerProfile): ResolvedProfile {
  const plugins = {} as Required<Plugins>;
  plugins.multiPoint = mergePluginSet({ enabled: [...defaultMultiPoint] }, p.plugins?.multiPoint);
  for (const point of extensionPoints) plugins[point] = mergePluginSet({}, p.plugins?.[point]);
  const pluginArgs = new Map<string, Record<string, unknown> | undefined>();
  for (const pc of p.pluginConfig ?? []) {
    if (pluginArgs.has(pc.name)) throw new Error(`repeated config for plugin ${pc.name}`);
    pluginArgs.set(pc.name, pc.args);
  }
  return {
    schedulerName: p.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    percentageOfNodesToScore: p.percentageOfNodesToScore,
    plugins,
    pluginArgs,
  };
}

/** All profiles of a configuration, defaulted; one `default-scheduler` profile when none is given. */
export function resolveProfiles(config: KubeSchedulerConfiguration | undefined): ResolvedProfile[] {
  const profiles = config?.profiles?.length ? config.profiles : [{}];
  const out = profiles.map(resolveProfile);
  const seen = new Set<string>();
  for (const p of out) {
    if (seen.has(p.schedulerName)) throw new Error(`duplicate profile with scheduler name "${p.schedulerName}"`);
    seen.add(p.schedulerName);
  }
  return out;
}

/**
 * The plugins of one extension point after multiPoint expansion (frameworkImpl.expandMultiPointPlugins):
 * plugins enabled at the point itself first, in their order, then multiPoint plugins implementing the
 * point that the point does not disable. `implementsPoint` tells whether a plugin has the hook.
 */
export function expandPoint(
  profile: ResolvedProfile,
  point: ExtensionPoint,
  implementsPoint: (name: string) => boolean,
): PluginRef[] {
  const specific = profile.plugins[point];
  const disabled = new Set((specific.disabled ?? []).map((d) => d.name));
  const out: PluginRef[] = [...(specific.enabled ?? [])];
  const seen = new Set(out.map((p) => p.name));
  if (disabled.has('*')) return out;
  for (const p of profile.plugins.multiPoint.enabled ?? []) {
    if (disabled.has(p.name) || seen.has(p.name) || !implementsPoint(p.name)) continue;
    seen.add(p.name);
    out.push(p);
  }
  return out;
}

/** The adaptive number of feasible nodes to look for (schedule_one.go numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  const minFeasibleNodesToFind = 100;
  const minFeasibleNodesPercentageToFind = 5;
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct === 0) pct = Math.max(minFeasibleNodesPercentageToFind, 50 - Math.trunc(numAllNodes / 125));
  if (pct >= 100) return numAllNodes;
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}
