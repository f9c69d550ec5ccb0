import type { NodeResourcesFitArgs, SchedulerPluginRegistration } from '../../sdk/scheduler/index.js';
import { DefaultBinderPlugin } from './default-binder-plugin.js';
import { DefaultPreemptionPlugin, type DefaultPreemptionArgs } from './default-preemption-plugin.js';
import { ImageLocalityPlugin } from './image-locality-plugin.js';
import { InterPodAffinityPlugin } from './inter-pod-affinity-plugin.js';
import { names } from './names.js';
import { NodeAffinityPlugin } from './node-affinity-plugin.js';
import { NodePortsPlugin } from './node-ports-plugin.js';
import { BalancedAllocationPlugin, NodeResourcesFitPlugin } from './node-resources-fit-plugin.js';
import { PodTopologySpreadPlugin } from './pod-topology-spread-plugin.js';
import {
  NodeNamePlugin,
  NodeUnschedulablePlugin,
  PrioritySortPlugin,
  SchedulingGatesPlugin,
  TaintTolerationPlugin,
} from './simple-plugins.js';

/**
 * The in-tree registry (plugins/registry.go NewInTreeRegistry): every default plugin's name and
 * factory. Which ones run, in what order and with what weight comes from the configuration.
 */
export function inTreeRegistrations(): SchedulerPluginRegistration[] {
  return [
    { name: names.PrioritySort, factory: () => new PrioritySortPlugin() },
    { name: names.SchedulingGates, factory: () => new SchedulingGatesPlugin() },
    { name: names.NodeName, factory: () => new NodeNamePlugin() },
    { name: names.NodeUnschedulable, factory: () => new NodeUnschedulablePlugin() },
    { name: names.TaintToleration, factory: () => new TaintTolerationPlugin(), defaultWeight: 3 },
    { name: names.NodeAffinity, factory: () => new NodeAffinityPlugin(), defaultWeight: 2 },
    { name: names.NodePorts, factory: () => new NodePortsPlugin() },
    {
      name: names.NodeResourcesFit,
      factory: (args) => new NodeResourcesFitPlugin(args as NodeResourcesFitArgs | undefined),
      defaultWeight: 1,
    },
    {
      name: names.NodeResourcesBalancedAllocation,
      factory: (args) =>
        new BalancedAllocationPlugin(args as { resources?: { name: string; weight?: number }[] } | undefined),
      defaultWeight: 1,
    },
    {
      name: names.PodTopologySpread,
      factory: (_args, handle) => {
        const p = new PodTopologySpreadPlugin();
        p.allNodes = () => handle.snapshot().list();
        return p;
      },
      defaultWeight: 2,
    },
    {
      name: names.InterPodAffinity,
      factory: (args, handle) =>
        new InterPodAffinityPlugin(handle, args as { hardPodAffinityWeight?: number } | undefined),
      defaultWeight: 2,
    },
    { name: names.ImageLocality, factory: (_a, handle) => new ImageLocalityPlugin(handle), defaultWeight: 1 },
    {
      name: names.DefaultPreemption,
      factory: (args, handle) => new DefaultPreemptionPlugin(handle, args as DefaultPreemptionArgs | undefined),
    },
    { name: names.DefaultBinder, factory: (_a, handle) => new DefaultBinderPlugin(handle) },
  ];
}
