/** The names of the default scheduler plugins, as configuration refers to them. */
export const names = {
  PrioritySort: 'PrioritySort',
  SchedulingGates: 'SchedulingGates',
  NodeName: 'NodeName',
  NodeUnschedulable: 'NodeUnschedulable',
  NodeResourcesFit: 'NodeResourcesFit',
  NodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
  NodeAffinity: 'NodeAffinity',
  TaintToleration: 'TaintToleration',
  NodePorts: 'NodePorts',
  PodTopologySpread: 'PodTopologySpread',
  InterPodAffinity: 'InterPodAffinity',
  ImageLocality: 'ImageLocality',
  DefaultPreemption: 'DefaultPreemption',
  DefaultBinder: 'DefaultBinder',
} as const;
