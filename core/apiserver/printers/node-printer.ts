import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { obj, objects, str, stringMap } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_ROLE_LABEL = 'kubernetes.io/role';
const ADDRESSES_DESCRIPTION =
  "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

/** Sorted roles from `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label. */
export function nodeRoles(labels: unknown): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(stringMap(labels))) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (k === NODE_ROLE_LABEL && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

function nodeStatus(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const parts: string[] = [];
  // Like the Go printer, the last condition of a type wins.
  let ready: Record<string, unknown> | undefined;
  for (const c of objects(status.conditions)) if (str(c.type) === 'Ready') ready = c;
  if (ready) parts.push(str(ready.status) === 'True' ? 'Ready' : 'NotReady');
  if (parts.length === 0) parts.push('Unknown');
  if (spec.unschedulable === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function address(status: Record<string, unknown>, type: string): string {
  const a = objects(status.addresses).find((x) => str(x.type) === type);
  return a ? str(a.address) : '<none>';
}

function orUnknown(value: string): string {
  return value === '' ? '<unknown>' : value;
}

/** Nodes: Name, Status, Roles, Age, Version, [Internal-IP, External-IP, OS-Image, Kernel-Version, Container-Runtime]. */
export const nodePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', ADDRESSES_DESCRIPTION, 1),
    column('External-IP', 'string', ADDRESSES_DESCRIPTION, 1),
    column(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    column(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    column(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const info = obj(status.nodeInfo);
    const roles = nodeRoles(o.metadata.labels).join(',');
    return [
      o.metadata.name ?? '',
      nodeStatus(spec, status),
      roles === '' ? '<none>' : roles,
      translateTimestampSince(o.metadata.creationTimestamp, now),
      str(info.kubeletVersion),
      address(status, 'InternalIP'),
      address(status, 'ExternalIP'),
      orUnknown(str(info.osImage)),
      orUnknown(str(info.kernelVersion)),
      orUnknown(str(info.containerRuntimeVersion)),
    ];
  },
};
