import test from 'ava';
import { printerFor } from '../../../../core/apiserver/printers/printer-registry.js';
import { NOW, ago, object } from './fixtures.js';

const H = 3600;
const D = 24 * H;
const template = (containers: Array<[string, string]>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: containers.map(([name, image]) => ({ name, image })), ...extra },
});

// Expected cells are what kube-apiserver 1.32's printers produce for the same objects
// (server-side printing always includes the wide cells).
const cases: Array<{
  group: string;
  kind: string;
  title: string;
  obj: Record<string, unknown>;
  age?: number;
  want: unknown[];
}> = [
  {
    group: 'apps',
    kind: 'Deployment',
    title: 'ready/desired, selector as a selector string',
    age: 10 * 60,
    obj: {
      spec: {
        replicas: 3,
        selector: {
          matchLabels: { app: 'web', tier: 'fe' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
        },
        template: template([
          ['web', 'nginx:1.27'],
          ['sidecar', 'busybox'],
        ]),
      },
      status: { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
    },
    want: ['web', '1/3', 2, 1, '10m', 'web,sidecar', 'nginx:1.27,busybox', 'app=web,env in (dev,prod),tier=fe'],
  },
  {
    group: 'apps',
    kind: 'Deployment',
    title: 'a fresh deployment without status',
    age: 5,
    obj: { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template([['web', 'nginx']]) } },
    want: ['web', '0/2', 0, 0, '5s', 'web', 'nginx', 'app=web'],
  },
  {
    group: 'apps',
    kind: 'ReplicaSet',
    title: 'desired, current, ready',
    age: 3 * H + 60,
    obj: {
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f' } },
        template: template([['web', 'nginx']]),
      },
      status: { replicas: 2, readyReplicas: 1 },
    },
    want: ['web', 2, 2, 1, '3h1m', 'web', 'nginx', 'app=web,pod-template-hash=5d4f'],
  },
  {
    group: 'apps',
    kind: 'StatefulSet',
    title: 'ready/desired',
    age: 49 * H,
    obj: { spec: { replicas: 3, template: template([['db', 'postgres:16']]) }, status: { readyReplicas: 3 } },
    want: ['web', '3/3', '2d1h', 'db', 'postgres:16'],
  },
  {
    group: 'apps',
    kind: 'DaemonSet',
    title: 'counts and node selector',
    age: 8 * D,
    obj: {
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: template([['agent', 'agent:1']], { nodeSelector: { 'kubernetes.io/os': 'linux' } }),
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    },
    want: ['web', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '8d', 'agent', 'agent:1', 'app=agent'],
  },
  {
    group: 'apps',
    kind: 'DaemonSet',
    title: 'no node selector prints <none>',
    obj: { spec: { selector: { matchLabels: { app: 'a' } }, template: template([['a', 'a']]) }, status: {} },
    want: ['web', 0, 0, 0, 0, 0, '<none>', '<unknown>', 'a', 'a', 'app=a'],
  },
  {
    group: 'apps',
    kind: 'ControllerRevision',
    title: 'controller as lower-cased kind.group/name',
    age: 60,
    obj: {
      metadata: {
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u', controller: true }],
      },
      revision: 2,
    },
    want: ['web', 'statefulset.apps/db', 2, '60s'],
  },
  {
    group: 'apps',
    kind: 'ControllerRevision',
    title: 'no controller',
    age: 60,
    obj: { revision: 1 },
    want: ['web', '<none>', 1, '60s'],
  },
  {
    group: '',
    kind: 'ReplicationController',
    title: 'selector as labels',
    age: 60,
    obj: {
      spec: { replicas: 2, selector: { app: 'web' }, template: template([['web', 'nginx']]) },
      status: { replicas: 2, readyReplicas: 2 },
    },
    want: ['web', 2, 2, 2, '60s', 'web', 'nginx', 'app=web'],
  },
  // batch
  {
    group: 'batch',
    kind: 'Job',
    title: 'a running job with completions',
    age: 125,
    obj: {
      spec: {
        completions: 2,
        parallelism: 1,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } },
        template: template([['pi', 'perl']]),
      },
      status: { succeeded: 1, startTime: ago(125), active: 1 },
    },
    want: ['web', 'Running', '1/2', '2m5s', '2m5s', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=abc'],
  },
  {
    group: 'batch',
    kind: 'Job',
    title: 'a completed job: duration from start to completion',
    age: 3 * H,
    obj: {
      spec: { completions: 1, template: template([['pi', 'perl']]) },
      status: {
        succeeded: 1,
        startTime: ago(3 * H),
        completionTime: ago(3 * H - 31),
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ],
      },
    },
    want: ['web', 'Complete', '1/1', '31s', '3h', 'pi', 'perl', '<none>'],
  },
  {
    group: 'batch',
    kind: 'Job',
    title: 'a failed job',
    age: 60,
    obj: {
      spec: { completions: 3, template: template([['pi', 'perl']]) },
      status: {
        failed: 4,
        startTime: ago(60),
        conditions: [
          { type: 'FailureTarget', status: 'True' },
          { type: 'Failed', status: 'True' },
        ],
      },
    },
    want: ['web', 'Failed', '0/3', '60s', '60s', 'pi', 'perl', '<none>'],
  },
  {
    group: 'batch',
    kind: 'Job',
    title: 'a suspended work-queue job with parallelism',
    age: 60,
    obj: {
      spec: { parallelism: 3, suspend: true, template: template([['w', 'worker']]) },
      status: { conditions: [{ type: 'Suspended', status: 'True' }] },
    },
    want: ['web', 'Suspended', '0/1 of 3', '', '60s', 'w', 'worker', '<none>'],
  },
  {
    group: 'batch',
    kind: 'Job',
    title: 'a job being deleted',
    age: 60,
    obj: {
      metadata: { deletionTimestamp: ago(1) },
      spec: { completions: 1, template: template([['w', 'w']]) },
      status: { startTime: ago(60) },
    },
    want: ['web', 'Terminating', '0/1', '60s', '60s', 'w', 'w', '<none>'],
  },
  {
    group: 'batch',
    kind: 'Job',
    title: 'a job with a FailureTarget condition only',
    age: 60,
    obj: {
      spec: { completions: 1, template: template([['w', 'w']]) },
      status: { conditions: [{ type: 'FailureTarget', status: 'True' }] },
    },
    want: ['web', 'FailureTarget', '0/1', '', '60s', 'w', 'w', '<none>'],
  },
  {
    group: 'batch',
    kind: 'CronJob',
    title: 'schedule, timezone, suspend, active, last schedule',
    age: 2 * D,
    obj: {
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        suspend: false,
        jobTemplate: { spec: { template: template([['hello', 'busybox']]) } },
      },
      status: { active: [{ name: 'x' }], lastScheduleTime: ago(190) },
    },
    want: ['web', '*/5 * * * *', 'Etc/UTC', 'False', 1, '3m10s', '2d', 'hello', 'busybox', '<none>'],
  },
  {
    group: 'batch',
    kind: 'CronJob',
    title: 'never scheduled, no timezone, suspend unset',
    age: 60,
    obj: { spec: { schedule: '@hourly', jobTemplate: { spec: { template: template([['h', 'h']]) } } }, status: {} },
    want: ['web', '@hourly', '<none>', '<unset>', 0, '<none>', '60s', 'h', 'h', '<none>'],
  },
  // core
  {
    group: '',
    kind: 'Service',
    title: 'ClusterIP service',
    age: 300,
    obj: {
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 443, protocol: 'TCP' },
        ],
        selector: { app: 'web' },
      },
    },
    want: ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,443/TCP', '5m', 'app=web'],
  },
  {
    group: '',
    kind: 'Service',
    title: 'NodePort service',
    age: 300,
    obj: {
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.0.11'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 443, nodePort: 30443, protocol: 'TCP' },
        ],
      },
    },
    want: ['web', 'NodePort', '10.96.0.11', '<none>', '80:30080/TCP,443:30443/TCP', '5m', '<none>'],
  },
  {
    group: '',
    kind: 'Service',
    title: 'LoadBalancer service: ingress sorted and never clipped server-side',
    obj: {
      spec: {
        type: 'LoadBalancer',
        clusterIPs: ['1.5.6.7'],
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 8090, protocol: 'UDP' },
          { port: 8000, protocol: 'TCP' },
        ],
        selector: { foo: 'bar' },
      },
      status: {
        loadBalancer: { ingress: [{ ip: '3.4.5.6' }, { ip: '2.3.4.5' }, { ip: '5.6.7.8', hostname: 'host5678' }] },
      },
    },
    want: [
      'web',
      'LoadBalancer',
      '1.5.6.7',
      '2.3.4.5,3.4.5.6,5.6.7.8',
      '80/TCP,8090/UDP,8000/TCP',
      '<unknown>',
      'foo=bar',
    ],
  },
  {
    group: '',
    kind: 'Service',
    title: 'LoadBalancer service pending',
    obj: { spec: { type: 'LoadBalancer', clusterIPs: ['1.3.4.5'], ports: [{ port: 7777, protocol: 'SCTP' }] } },
    want: ['web', 'LoadBalancer', '1.3.4.5', '<pending>', '7777/SCTP', '<unknown>', '<none>'],
  },
  {
    group: '',
    kind: 'Service',
    title: 'LoadBalancer service with externalIPs',
    obj: {
      spec: {
        type: 'LoadBalancer',
        clusterIPs: ['1.3.4.5'],
        externalIPs: ['9.9.9.9'],
        ports: [{ port: 80, protocol: 'TCP' }],
      },
      status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } },
    },
    want: ['web', 'LoadBalancer', '1.3.4.5', 'lb.example.com,9.9.9.9', '80/TCP', '<unknown>', '<none>'],
  },
  {
    group: '',
    kind: 'Service',
    title: 'ExternalName service',
    obj: { spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    want: ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '<unknown>', '<none>'],
  },
  {
    group: '',
    kind: 'Service',
    title: 'headless service',
    obj: {
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        ports: [{ port: 5432, protocol: 'TCP' }],
        selector: { app: 'db' },
      },
    },
    want: ['web', 'ClusterIP', 'None', '<none>', '5432/TCP', '<unknown>', 'app=db'],
  },
  {
    group: '',
    kind: 'Endpoints',
    title: 'addresses with ports, elided after three',
    age: 60,
    obj: {
      subsets: [
        { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] },
        { addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] },
      ],
    },
    want: ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...', '60s'],
  },
  {
    group: '',
    kind: 'Endpoints',
    title: 'IPv6 and headless without ports',
    age: 60,
    obj: {
      subsets: [{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 8080 }] }, { addresses: [{ ip: '10.0.0.9' }] }],
    },
    want: ['web', '[fd00::1]:8080,10.0.0.9', '60s'],
  },
  {
    group: '',
    kind: 'Endpoints',
    title: 'no subsets',
    age: 60,
    obj: {},
    want: ['web', '<none>', '60s'],
  },
  {
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    title: 'ports and endpoints',
    age: 60,
    obj: {
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80 }, { name: 'named' }, {}, { port: 9090 }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
    },
    want: ['web', 'IPv4', '80,named,* + 1 more...', '10.0.0.1,10.0.0.2', '60s'],
  },
  {
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    title: 'empty slice',
    age: 60,
    obj: { addressType: 'IPv6' },
    want: ['web', 'IPv6', '<unset>', '<unset>', '60s'],
  },
  {
    group: '',
    kind: 'ConfigMap',
    title: 'data and binaryData keys',
    age: 60,
    obj: { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
    want: ['web', 3, '60s'],
  },
  {
    group: '',
    kind: 'Secret',
    title: 'type and data count',
    age: 60,
    obj: { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } },
    want: ['web', 'kubernetes.io/tls', 2, '60s'],
  },
  {
    group: '',
    kind: 'ServiceAccount',
    title: 'no secrets (1.24+)',
    age: 60,
    obj: {},
    want: ['web', 0, '60s'],
  },
  {
    group: '',
    kind: 'Namespace',
    title: 'phase',
    age: 400 * D,
    obj: { status: { phase: 'Active' } },
    want: ['web', 'Active', '400d'],
  },
  {
    group: '',
    kind: 'Namespace',
    title: 'terminating',
    age: 3 * 365 * D + 45 * D,
    obj: { status: { phase: 'Terminating' } },
    want: ['web', 'Terminating', '3y45d'],
  },
  {
    group: '',
    kind: 'ResourceQuota',
    title: 'requests and limits columns, canonical quantities',
    age: 60,
    obj: {
      status: {
        hard: { pods: '10', 'requests.cpu': '1000m', 'limits.memory': '2Gi', 'requests.memory': '1024Mi' },
        used: { pods: '2', 'requests.cpu': '500m', 'limits.memory': '512Mi' },
      },
    },
    want: ['web', 'pods: 2/10, requests.cpu: 500m/1, requests.memory: 0/1Gi', 'limits.memory: 512Mi/2Gi', '60s'],
  },
  {
    group: '',
    kind: 'PodTemplate',
    title: 'containers, images, pod labels',
    obj: {
      template: template([
        ['a', 'img-a'],
        ['b', 'img-b'],
      ]),
    },
    want: ['web', 'a,b', 'img-a,img-b', 'app=web'],
  },
  // storage
  {
    group: '',
    kind: 'PersistentVolume',
    title: 'bound volume',
    age: 60,
    obj: {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { namespace: 'default', name: 'data' },
        storageClassName: 'standard',
      },
      status: { phase: 'Bound' },
    },
    want: ['web', '10Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'standard', '<unset>', '', '60s', '<unset>'],
  },
  {
    group: '',
    kind: 'PersistentVolume',
    title: 'terminating volume, beta storage-class annotation, block mode',
    age: 60,
    obj: {
      metadata: { deletionTimestamp: ago(1), annotations: { 'volume.beta.kubernetes.io/storage-class': 'old' } },
      spec: {
        capacity: { storage: '1536Mi' },
        accessModes: ['ReadWriteOncePod'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'new',
        volumeMode: 'Block',
      },
      status: { phase: 'Released', reason: 'Deleting' },
    },
    want: ['web', '1536Mi', 'RWOP', 'Delete', 'Terminating', '', 'old', '<unset>', 'Deleting', '60s', 'Block'],
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    title: 'bound claim shows capacity and access modes from status',
    age: 60,
    obj: {
      spec: {
        volumeName: 'pv-1',
        storageClassName: 'standard',
        resources: { requests: { storage: '1Gi' } },
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'] },
    },
    want: ['web', 'Bound', 'pv-1', '2Gi', 'RWO', 'standard', '<unset>', '60s', 'Filesystem'],
  },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    title: 'pending claim shows empty capacity',
    age: 60,
    obj: { spec: { resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } },
    want: ['web', 'Pending', '', '', '', '', '<unset>', '60s', '<unset>'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    title: 'default class',
    age: 60,
    obj: {
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    },
    want: ['web (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', false, '60s'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    title: 'defaults for unset policy and mode',
    age: 60,
    obj: { provisioner: 'csi.example.com', allowVolumeExpansion: true },
    want: ['web', 'csi.example.com', 'Delete', 'Immediate', true, '60s'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSIDriver',
    title: 'defaults',
    age: 60,
    obj: { spec: {} },
    want: ['web', true, false, false, '<unset>', false, '<none>', '60s'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSIDriver',
    title: 'explicit fields',
    age: 60,
    obj: {
      spec: {
        attachRequired: false,
        podInfoOnMount: true,
        storageCapacity: true,
        tokenRequests: [{ audience: 'a' }, { audience: 'b' }],
        requiresRepublish: true,
        volumeLifecycleModes: ['Persistent', 'Ephemeral'],
      },
    },
    want: ['web', false, true, true, 'a,b', true, 'Persistent,Ephemeral', '60s'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'VolumeAttachment',
    title: 'attacher, pv, node, attached',
    age: 60,
    obj: {
      spec: { attacher: 'hostpath.csi.k8s.io', source: { persistentVolumeName: 'pv-1' }, nodeName: 'node-1' },
      status: { attached: true },
    },
    want: ['web', 'hostpath.csi.k8s.io', 'pv-1', 'node-1', true, '60s'],
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSINode',
    title: 'driver count',
    age: 60,
    obj: { spec: { drivers: [{ name: 'a' }, { name: 'b' }] } },
    want: ['web', 2, '60s'],
  },
  // networking and policy
  {
    group: 'networking.k8s.io',
    kind: 'Ingress',
    title: 'class, hosts, address, TLS ports',
    age: 60,
    obj: {
      spec: {
        ingressClassName: 'nginx',
        rules: [
          { host: 'a.example.com' },
          { host: 'b.example.com' },
          {},
          { host: 'c.example.com' },
          { host: 'd.example.com' },
        ],
        tls: [{ hosts: ['a.example.com'] }],
      },
      status: {
        loadBalancer: { ingress: [{ ip: '192.168.1.10' }, { hostname: 'long-load-balancer-name.example.com' }] },
      },
    },
    want: [
      'web',
      'nginx',
      'a.example.com,b.example.com,c.example.com + 2 more...',
      '192.168.1.10,long-load-balancer-name.example.com',
      '80, 443',
      '60s',
    ],
  },
  {
    group: 'networking.k8s.io',
    kind: 'Ingress',
    title: 'no class, no host',
    age: 60,
    obj: { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } },
    want: ['web', '<none>', '*', '', '80', '60s'],
  },
  {
    group: 'networking.k8s.io',
    kind: 'IngressClass',
    title: 'parameters',
    age: 60,
    obj: {
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      },
    },
    want: ['web', 'k8s.io/ingress-nginx', 'IngressParameters.k8s.example.com/external-lb', '60s'],
  },
  {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    title: 'empty pod selector',
    age: 60,
    obj: { spec: { podSelector: {} } },
    want: ['web', '<none>', '60s'],
  },
  {
    group: 'networking.k8s.io',
    kind: 'NetworkPolicy',
    title: 'pod selector with expressions',
    age: 60,
    obj: {
      spec: {
        podSelector: {
          matchLabels: { role: 'db' },
          matchExpressions: [
            { key: 'tier', operator: 'Exists' },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        },
      },
    },
    want: ['web', '!legacy,role=db,tier', '60s'],
  },
  {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    title: 'minAvailable as an integer',
    age: 60,
    obj: { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } },
    want: ['web', '2', 'N/A', 1, '60s'],
  },
  {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    title: 'maxUnavailable as a percentage',
    age: 60,
    obj: { spec: { maxUnavailable: '25%' }, status: {} },
    want: ['web', 'N/A', '25%', 0, '60s'],
  },
  {
    group: 'scheduling.k8s.io',
    kind: 'PriorityClass',
    title: 'value, global default, preemption policy',
    age: 60,
    obj: { value: 2000001000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
    want: ['web', 2000001000, false, '60s', 'PreemptLowerPriority'],
  },
  {
    group: 'coordination.k8s.io',
    kind: 'Lease',
    title: 'holder',
    age: 60,
    obj: { spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } },
    want: ['web', 'node-1', '60s'],
  },
  {
    group: 'coordination.k8s.io',
    kind: 'Lease',
    title: 'no holder',
    age: 60,
    obj: { spec: {} },
    want: ['web', '', '60s'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'RoleBinding',
    title: 'role and subjects',
    age: 60,
    obj: {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
      ],
    },
    want: ['web', 'ClusterRole/view', '60s', 'alice, bob', 'devs', 'ci/builder'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    title: 'no subjects',
    age: 60,
    obj: { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } },
    want: ['web', 'ClusterRole/cluster-admin', '60s', '', '', ''],
  },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    title: 'v2 cpu utilization with current value',
    age: 60,
    obj: {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      },
      status: {
        currentReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '250m' } } },
        ],
      },
    },
    want: ['web', 'Deployment/web', 'cpu: 50%/80%', '1', 10, 3, '60s'],
  },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    title: 'v2 metrics without status, more than two',
    age: 60,
    obj: {
      spec: {
        scaleTargetRef: { kind: 'StatefulSet', name: 'db' },
        maxReplicas: 5,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1024Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        ],
      },
      status: {},
    },
    want: ['web', 'StatefulSet/db', 'cpu: <unknown>/80%, memory: <unknown>/1Gi + 1 more...', '<unset>', 5, 0, '60s'],
  },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    title: 'external and object metrics',
    age: 60,
    obj: {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          {
            type: 'External',
            external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } },
          },
          { type: 'Object', object: { metric: { name: 'rps' }, target: { type: 'Value', value: '100' } } },
        ],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'External', external: { current: { averageValue: '12' } } },
          { type: 'Object', object: { current: { value: '1500m' } } },
        ],
      },
    },
    want: ['web', 'Deployment/web', '12/30 (avg), 1500m/100', '2', 5, 2, '60s'],
  },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    title: 'autoscaling/v1 target CPU',
    age: 60,
    obj: {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 4,
        targetCPUUtilizationPercentage: 50,
      },
      status: { currentReplicas: 1, currentCPUUtilizationPercentage: 12 },
    },
    want: ['web', 'Deployment/web', 'cpu: 12%/50%', '1', 4, 1, '60s'],
  },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    title: 'no metrics',
    age: 60,
    obj: { spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4 }, status: {} },
    want: ['web', 'Deployment/web', '<none>', '1', 4, 0, '60s'],
  },
  {
    group: 'node.k8s.io',
    kind: 'RuntimeClass',
    title: 'handler',
    age: 60,
    obj: { handler: 'runc' },
    want: ['web', 'runc', '60s'],
  },
  {
    group: 'admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
    title: 'webhook count',
    age: 60,
    obj: { webhooks: [{ name: 'a' }, { name: 'b' }] },
    want: ['web', 2, '60s'],
  },
  {
    group: 'certificates.k8s.io',
    kind: 'CertificateSigningRequest',
    title: 'approved and issued',
    age: 60,
    obj: {
      spec: { signerName: 'kubernetes.io/kube-apiserver-client', username: 'alice', expirationSeconds: 86400 },
      status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0t' },
    },
    want: ['web', '60s', 'kubernetes.io/kube-apiserver-client', 'alice', '24h', 'Approved,Issued'],
  },
];

for (const c of cases) {
  test(`${c.kind}: ${c.title}`, (t) => {
    const printer = printerFor(c.group, c.kind);
    if (!printer) return t.fail(`no printer for ${c.group}/${c.kind}`);
    const cells = printer.cells(object('web', c.obj, c.age), NOW);
    t.deepEqual(cells, c.want);
    t.is(cells.length, printer.columns.length);
  });
}

test('Node: status, roles, version and wide columns', (t) => {
  const printer = printerFor('', 'Node')!;
  const node = object(
    'node-1',
    {
      metadata: {
        labels: {
          'node-role.kubernetes.io/control-plane': '',
          'node-role.kubernetes.io/master': '',
          'kubernetes.io/role': 'etcd',
          'node-role.kubernetes.io/': '',
        },
      },
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'Hostname', address: 'node-1' },
          { type: 'InternalIP', address: '10.0.0.5' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0-18-amd64',
          containerRuntimeVersion: 'containerd://1.7.13',
        },
      },
    },
    6 * D,
  );
  t.deepEqual(printer.cells(node, NOW), [
    'node-1',
    'Ready,SchedulingDisabled',
    'control-plane,etcd,master',
    '6d',
    'v1.32.0',
    '10.0.0.5',
    '<none>',
    'Debian GNU/Linux 12 (bookworm)',
    '6.1.0-18-amd64',
    'containerd://1.7.13',
  ]);
});

test('Node: NotReady, Unknown and missing node info', (t) => {
  const printer = printerFor('', 'Node')!;
  const notReady = object('n', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, 60);
  t.deepEqual(printer.cells(notReady, NOW), [
    'n',
    'NotReady',
    '<none>',
    '60s',
    '',
    '<none>',
    '<none>',
    '<unknown>',
    '<unknown>',
    '<unknown>',
  ]);
  const fresh = object('m', { status: {} }, 60);
  t.is(printer.cells(fresh, NOW)[1], 'Unknown');
});

test('Event: the apiserver fills all ten cells', (t) => {
  const printer = printerFor('', 'Event')!;
  const event = object('web-1.17a', {
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: '  Successfully pulled image "nginx"\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: ago(20 * 60),
    lastTimestamp: ago(5 * 60),
    count: 4,
    type: 'Normal',
  });
  t.deepEqual(printer.cells(event, NOW), [
    '5m',
    'Normal',
    'Pulled',
    'pod/web-1',
    'spec.containers{web}',
    'kubelet, node-1',
    'Successfully pulled image "nginx"',
    '20m',
    4,
    'web-1.17a',
  ]);
});

test('Event: events.k8s.io-style fields (eventTime, series, reporting controller)', (t) => {
  const printer = printerFor('', 'Event')!;
  const event = object('e', {
    involvedObject: { kind: 'Node' },
    reason: 'Starting',
    message: 'started',
    eventTime: ago(3 * H),
    series: { count: 7, lastObservedTime: ago(90) },
    reportingComponent: 'kube-proxy',
    reportingInstance: 'node-1',
    type: 'Normal',
  });
  t.deepEqual(printer.cells(event, NOW), [
    '90s',
    'Normal',
    'Starting',
    'node',
    '',
    'kube-proxy, node-1',
    'started',
    '3h',
    7,
    'e',
  ]);
  const bare = object('b', { involvedObject: { kind: 'Pod', name: 'x' }, reason: 'R', message: 'm' });
  t.deepEqual(printer.cells(bare, NOW), ['<unknown>', '', 'R', 'pod/x', '', '', 'm', '<unknown>', 1, 'b']);
});

test('kinds kube-apiserver prints with the default table have no printer', (t) => {
  for (const [group, kind] of [
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['', 'LimitRange'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition'],
  ] as const) {
    t.is(printerFor(group, kind), undefined, `${group}/${kind}`);
  }
});
