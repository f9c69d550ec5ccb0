import {
  ActionType,
  Status,
  type ClusterEventWithHint,
  type ContainerPort,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeInfo,
  type Pod,
  type PreFilterPlugin,
} from '../../sdk/scheduler/index.js';
import { names } from './names.js';

/** ErrReason of nodeports. */
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";
const key = 'PreFilterNodePorts';

/** The host ports a pod asks for (containers with hostPort > 0). */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  return out;
}

/** NodePorts (nodeports/node_ports.go): a host port (ip, protocol, port) may be used once per node. */
export class NodePortsPlugin implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = names.NodePorts;

  preFilter(state: CycleState, pod: Pod) {
    const ports = podHostPorts(pod);
    if (ports.length === 0) return { status: Status.skip() };
    state.write(key, ports);
    return {};
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | undefined {
    const ports = state.read<ContainerPort[]>(key) ?? podHostPorts(pod);
    for (const p of ports)
      if (nodeInfo.usedPorts.conflicts(p.hostIP, p.protocol, p.hostPort!))
        return Status.unschedulable(NODE_PORTS_REASON);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateOther } },
    ];
  }
}
