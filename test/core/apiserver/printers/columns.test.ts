import test from 'ava';
import {
  builtInPrinterKinds,
  defaultPrinter,
  printerFor,
} from '../../../../core/apiserver/printers/printer-registry.js';

// Column names, types and priorities of kube-apiserver 1.32 (pkg/printers/internalversion AddHandlers).
// `name:1` means priority 1 (shown with -o wide); a `:integer`/`:boolean` suffix gives the type.
const expected: Array<[string, string, string]> = [
  ['', 'Pod', 'Name Ready Status Restarts Age IP:1 Node:1 Nominated_Node:1 Readiness_Gates:1'],
  ['', 'PodTemplate', 'Name Containers Images Pod_Labels'],
  [
    '',
    'ReplicationController',
    'Name Desired:integer Current:integer Ready:integer Age Containers:1 Images:1 Selector:1',
  ],
  ['', 'Service', 'Name Type Cluster-IP External-IP Port(s) Age Selector:1'],
  ['', 'Endpoints', 'Name Endpoints Age'],
  [
    '',
    'Node',
    'Name Status Roles Age Version Internal-IP:1 External-IP:1 OS-Image:1 Kernel-Version:1 Container-Runtime:1',
  ],
  ['', 'Event', 'Last_Seen Type Reason Object Subobject:1 Source:1 Message First_Seen:1 Count:1 Name:1'],
  ['', 'Namespace', 'Name Status Age'],
  ['', 'Secret', 'Name Type Data Age'],
  ['', 'ServiceAccount', 'Name Secrets Age'],
  [
    '',
    'PersistentVolume',
    'Name Capacity Access_Modes Reclaim_Policy Status Claim StorageClass VolumeAttributesClass Reason Age VolumeMode:1',
  ],
  [
    '',
    'PersistentVolumeClaim',
    'Name Status Volume Capacity Access_Modes StorageClass VolumeAttributesClass Age VolumeMode:1',
  ],
  ['', 'ConfigMap', 'Name Data Age'],
  ['', 'ResourceQuota', 'Name Request Limit Age'],
  ['apps', 'Deployment', 'Name Ready Up-to-date Available Age Containers:1 Images:1 Selector:1'],
  ['apps', 'ReplicaSet', 'Name Desired:integer Current:integer Ready:integer Age Containers:1 Images:1 Selector:1'],
  ['apps', 'StatefulSet', 'Name Ready Age Containers:1 Images:1'],
  [
    'apps',
    'DaemonSet',
    'Name Desired:integer Current:integer Ready:integer Up-to-date:integer Available:integer Node_Selector Age Containers:1 Images:1 Selector:1',
  ],
  ['apps', 'ControllerRevision', 'Name Controller Revision Age'],
  ['batch', 'Job', 'Name Status Completions Duration Age Containers:1 Images:1 Selector:1'],
  [
    'batch',
    'CronJob',
    'Name Schedule Timezone Suspend:boolean Active:integer Last_Schedule Age Containers:1 Images:1 Selector:1',
  ],
  ['autoscaling', 'HorizontalPodAutoscaler', 'Name Reference Targets MinPods MaxPods Replicas Age'],
  ['networking.k8s.io', 'Ingress', 'Name Class Hosts Address Ports Age'],
  ['networking.k8s.io', 'IngressClass', 'Name Controller Parameters Age'],
  ['networking.k8s.io', 'NetworkPolicy', 'Name Pod-Selector Age'],
  ['discovery.k8s.io', 'EndpointSlice', 'Name AddressType Ports Endpoints Age'],
  ['policy', 'PodDisruptionBudget', 'Name Min_Available Max_Unavailable Allowed_Disruptions:integer Age'],
  ['scheduling.k8s.io', 'PriorityClass', 'Name Value:integer Global-Default:boolean Age PreemptionPolicy'],
  ['coordination.k8s.io', 'Lease', 'Name Holder Age'],
  ['rbac.authorization.k8s.io', 'RoleBinding', 'Name Role Age Users:1 Groups:1 ServiceAccounts:1'],
  ['rbac.authorization.k8s.io', 'ClusterRoleBinding', 'Name Role Age Users:1 Groups:1 ServiceAccounts:1'],
  ['storage.k8s.io', 'StorageClass', 'Name Provisioner ReclaimPolicy VolumeBindingMode AllowVolumeExpansion Age'],
  [
    'storage.k8s.io',
    'CSIDriver',
    'Name AttachRequired:boolean PodInfoOnMount:boolean StorageCapacity:boolean TokenRequests RequiresRepublish:boolean Modes Age',
  ],
  ['storage.k8s.io', 'CSINode', 'Name Drivers:integer Age'],
  ['storage.k8s.io', 'VolumeAttachment', 'Name Attacher PV Node Attached:boolean Age'],
];

function describe(columns: ReadonlyArray<{ name: string; type: string; priority: number }>): string {
  return columns
    .map((c) => {
      let s = c.name.replace(/ /g, '_');
      if (c.type !== 'string') s += `:${c.type}`;
      if (c.priority !== 0) s += `:${c.priority}`;
      return s;
    })
    .join(' ');
}

for (const [group, kind, columns] of expected) {
  test(`${group || 'core'}/${kind} columns`, (t) => {
    const printer = printerFor(group, kind);
    if (!printer) return t.fail('no printer');
    t.is(describe(printer.columns), columns);
    // Only the Name column carries the `name` format (VolumeAttachment's Attacher too, as upstream).
    const named = printer.columns.filter((c) => c.format === 'name').map((c) => c.name);
    t.deepEqual(named, kind === 'VolumeAttachment' ? ['Name', 'Attacher'] : ['Name']);
    for (const c of printer.columns) t.true(typeof c.description === 'string');
  });
}

test('default table: Name and Created At (date, RFC 3339 cells)', (t) => {
  t.is(describe(defaultPrinter.columns), 'Name Created_At:date');
  t.is(defaultPrinter.columns[0]!.format, 'name');
  const role = { metadata: { name: 'pod-reader', creationTimestamp: '2024-03-01T10:20:30Z' } };
  t.deepEqual(defaultPrinter.cells(role, new Date('2025-01-01T00:00:00Z')), ['pod-reader', '2024-03-01T10:20:30Z']);
  const fractional = { metadata: { name: 'x', creationTimestamp: '2024-03-01T10:20:30.789+02:00' } };
  t.deepEqual(defaultPrinter.cells(fractional, new Date()), ['x', '2024-03-01T08:20:30Z']);
  t.deepEqual(defaultPrinter.cells({ metadata: { name: 'y' } }, new Date()), ['y', '0001-01-01T00:00:00Z']);
});

test('every built-in printer is listed above', (t) => {
  const listed = new Set(expected.map(([g, k]) => `${g}/${k}`));
  const missing = builtInPrinterKinds()
    .map(({ group, kind }) => `${group}/${kind}`)
    .filter((k) => !listed.has(k));
  // Printers without a column expectation here are covered by the cell tests.
  t.deepEqual(missing, [
    '/ComponentStatus',
    'storage.k8s.io/CSIStorageCapacity',
    'node.k8s.io/RuntimeClass',
    'admissionregistration.k8s.io/MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
    'certificates.k8s.io/CertificateSigningRequest',
  ]);
});

const malformed: Array<[string, Record<string, unknown>]> = [
  ['bare', {}],
  ['null sections', { spec: null, status: null }],
  ['wrong types', { spec: 'x', status: 7, data: [1], subsets: 'y', involvedObject: 3, roleRef: [] }],
  [
    'wrong nested types',
    {
      spec: {
        containers: 'x',
        template: { spec: { containers: [null, 3] } },
        ports: [null],
        selector: 'x',
        metrics: [null, {}],
      },
      status: { conditions: 'x', containerStatuses: [null], loadBalancer: { ingress: 'x' } },
    },
  ],
];

for (const [title, fields] of malformed) {
  test(`printers do not throw on ${title} objects and fill every column`, (t) => {
    for (const { group, kind } of builtInPrinterKinds()) {
      const printer = printerFor(group, kind)!;
      const cells = printer.cells({ metadata: { name: 'x' }, ...fields }, new Date());
      t.is(cells.length, printer.columns.length, `${group}/${kind}`);
      t.true(cells.includes('x'), `${group}/${kind} prints the name`);
    }
  });
}
