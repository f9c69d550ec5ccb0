/**
 * The configuration of the scheduler in the shape of kube-scheduler's
 * `kubescheduler.config.k8s.io/v1` KubeSchedulerConfiguration (the fields Capstan honours).
 */

/** One plugin in a PluginSet. */
export interface PluginRef {
  name: string;
  /** Score weight (score and multiPoint only); default 1 or the plugin's default weight. */
  weight?: number;
}

/** Plugins enabled and disabled at one extension point. `{name: '*'}` in disabled disables all defaults. */
export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: { name: string }[];
}

/** The plugins of a profile per extension point. */
export interface Plugins {
  multiPoint?: PluginSet;
  preEnqueue?: PluginSet;
  queueSort?: PluginSet;
  preFilter?: PluginSet;
  filter?: PluginSet;
  postFilter?: PluginSet;
  preScore?: PluginSet;
  score?: PluginSet;
  reserve?: PluginSet;
  permit?: PluginSet;
  preBind?: PluginSet;
  bind?: PluginSet;
  postBind?: PluginSet;
}

/** The extension points a PluginSet may be given for (multiPoint excluded). */
export type ExtensionPoint = Exclude<keyof Plugins, 'multiPoint'>;

/** Arguments for one plugin. */
export interface PluginConfig {
  name: string;
  args?: Record<string, unknown>;
}

/** One scheduling profile, selected by `spec.schedulerName`. */
export interface KubeSchedulerProfile {
  /** Default `default-scheduler`. */
  schedulerName?: string;
  /** Overrides the global setting for this profile. */
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

/** KubeSchedulerConfiguration. */
export interface KubeSchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  /** 0 or unset: adaptive (50 − nodes/125, at least 5 %). */
  percentageOfNodesToScore?: number;
  /** Default 1. */
  podInitialBackoffSeconds?: number;
  /** Default 10. */
  podMaxBackoffSeconds?: number;
  profiles?: KubeSchedulerProfile[];
}

/** NodeResourcesFit's scoring strategy types. */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** A resource and its weight in scoring. */
export interface ResourceSpec {
  name: string;
  weight?: number;
}

/** NodeResourcesFitArgs. */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape: { utilization: number; score: number }[] };
  };
}
