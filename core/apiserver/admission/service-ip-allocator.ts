import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import { StatusError, apiErrors } from '../status.js';
import type { MutatingAdmission } from './admission.js';

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Array<{ nodePort?: number; port?: number }>;
}

/**
 * Allocates Service cluster IPs from the service CIDR (default 10.96.0.0/12, the first address is
 * the `kubernetes` service) and node ports from 30000-32767, as the apiserver's service REST does.
 * Allocation scans existing Services, so it needs no state of its own.
 */
export class ServiceIpAllocator implements MutatingAdmission {
  readonly name = 'ServiceIPAllocator';
  private readonly base: number;
  private readonly size: number;

  constructor(
    private readonly storage: ObjectStorage,
    cidr = '10.96.0.0/12',
    private readonly nodePortRange: [number, number] = [30000, 32767],
  ) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip!);
    this.size = 2 ** (32 - Number(bits));
  }

  handles(type: ResourceType): boolean {
    return type.group === '' && type.plural === 'services';
  }

  async admit(
    op: 'CREATE' | 'UPDATE',
    type: ResourceType,
    obj: KubeObject,
    old: KubeObject | undefined,
  ): Promise<void> {
    const spec = (obj.spec ??= {}) as ServiceSpec;
    if (op === 'UPDATE' && old) {
      const was = (old.spec ?? {}) as ServiceSpec;
      if (!spec.clusterIP && was.clusterIP) {
        spec.clusterIP = was.clusterIP;
        spec.clusterIPs = was.clusterIPs;
      }
    }
    const needsNodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
    const needsIp = spec.type !== 'ExternalName' && !spec.clusterIP;
    if (!needsIp && !needsNodePorts) return;
    const existing = await this.storage.list(type, undefined, {});
    const usedIps = new Set<string>();
    const usedPorts = new Set<number>();
    for (const s of existing.items) {
      const ss = (s.spec ?? {}) as ServiceSpec;
      if (ss.clusterIP) usedIps.add(ss.clusterIP);
      for (const p of ss.ports ?? []) if (p.nodePort) usedPorts.add(p.nodePort);
    }
    if (needsIp) {
      if (spec.clusterIP === undefined || spec.clusterIP === '') {
        const ip = this.freeIp(usedIps, obj.metadata.name === 'kubernetes' && obj.metadata.namespace === 'default');
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    } else if (spec.clusterIP && spec.clusterIP !== 'None' && !spec.clusterIPs) {
      spec.clusterIPs = [spec.clusterIP];
    }
    if (needsNodePorts) {
      for (const p of spec.ports ?? []) {
        if (p.nodePort) continue;
        p.nodePort = this.freePort(usedPorts);
        usedPorts.add(p.nodePort);
      }
    }
  }

  private freeIp(used: Set<string>, isKubernetesService: boolean): string {
    if (isKubernetesService) return intToIp(this.base + 1);
    // Start at a random offset, as the apiserver's bitmap allocator does, skipping network, .1 and broadcast.
    const start = 2 + Math.floor(Math.random() * (this.size - 3));
    for (let i = 0; i < this.size - 3; i++) {
      const ip = intToIp(this.base + 2 + ((start - 2 + i) % (this.size - 3)));
      if (!used.has(ip)) return ip;
    }
    throw new StatusError(
      500,
      'InternalError',
      'Internal error occurred: failed to allocate a serviceIP: range is full',
    );
  }

  private freePort(used: Set<number>): number {
    const [lo, hi] = this.nodePortRange;
    const span = hi - lo + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const p = lo + ((start + i) % span);
      if (!used.has(p)) return p;
    }
    throw apiErrors.invalid('', 'Service', '', [
      { reason: 'FieldValueInvalid', field: 'spec.ports[0].nodePort', message: 'Invalid value: 0: range is full' },
    ]);
  }
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
