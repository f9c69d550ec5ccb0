// An in-memory stand-in for the API server as the scheduler uses it: bindings, status patches,
// deletions and events, feeding the scheduler's informer handlers like a watch would.
import type { KubeClient } from '../../../sdk/client/kube-client.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { EventRecorder } from '../../../sdk/runtime/event-recorder.js';
import { objectKey, type Node, type Pod } from '../../../sdk/scheduler/index.js';
import type { Scheduler } from '../../../core/scheduler/scheduler.js';

export interface RecordedEvent {
  regarding: string;
  type: string;
  reason: string;
  action: string;
  note: string;
}

export class FakeCluster {
  readonly pods = new Map<string, Pod>();
  readonly nodes = new Map<string, Node>();
  readonly events: RecordedEvent[] = [];
  readonly bindings: { pod: string; node: string }[] = [];
  readonly deleted: string[] = [];
  scheduler?: Scheduler;
  private rv = 1;

  readonly recorder: EventRecorder = {
    event: async (regarding, type, reason, action, note) => {
      this.events.push({ regarding: objectKey(regarding), type, reason, action, note });
    },
  };

  addNode(n: Node): void {
    this.nodes.set(n.metadata.name!, n);
    this.scheduler?.onNodeAdd(n);
  }

  updateNode(n: Node): void {
    const old = this.nodes.get(n.metadata.name!)!;
    this.nodes.set(n.metadata.name!, n);
    this.scheduler?.onNodeUpdate(old, n);
  }

  addPod(p: Pod): void {
    p.metadata.resourceVersion = String(++this.rv);
    this.pods.set(objectKey(p), p);
    this.scheduler?.onPodAdd(p);
  }

  updatePod(p: Pod): void {
    const key = objectKey(p);
    const old = this.pods.get(key)!;
    p.metadata.resourceVersion = String(++this.rv);
    this.pods.set(key, p);
    this.scheduler?.onPodUpdate(old, p);
  }

  deletePod(key: string): void {
    const p = this.pods.get(key);
    if (!p) throw new NotFoundError(404, 'NotFound', `pods "${key}" not found`);
    this.pods.delete(key);
    this.deleted.push(key);
    this.scheduler?.onPodDelete(p);
  }

  /** The client handed to the scheduler. */
  readonly client: KubeClient = {
    request: async <R>(method: string, path: string, body?: unknown): Promise<R> => {
      const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/binding$/.exec(path);
      if (method !== 'POST' || !m) throw new Error(`unexpected request ${method} ${path}`);
      const key = `${m[1]}/${m[2]}`;
      const pod = this.pods.get(key);
      if (!pod) throw new NotFoundError(404, 'NotFound', `pods "${m[2]}" not found`);
      const node = (body as { target: { name: string } }).target.name;
      this.bindings.push({ pod: key, node });
      const next = structuredClone(pod);
      next.spec!.nodeName = node;
      this.updatePod(next);
      return { kind: 'Status', status: 'Success' } as R;
    },
    patch: async <T extends KubeObject>(
      _res: unknown,
      name: string,
      patch: unknown,
      _type: unknown,
      opts?: { namespace?: string },
    ) => {
      const key = `${opts?.namespace}/${name}`;
      const pod = this.pods.get(key);
      if (!pod) throw new NotFoundError(404, 'NotFound', `pods "${name}" not found`);
      const next = structuredClone(pod);
      const st = (patch as { status: Record<string, unknown> }).status;
      next.status = { ...next.status, ...st } as Pod['status'];
      if (st.nominatedNodeName === null) delete next.status!.nominatedNodeName;
      this.updatePod(next);
      return next as unknown as T;
    },
    delete: async <T extends KubeObject>(_res: unknown, name: string, namespace?: string) => {
      this.deletePod(`${namespace}/${name}`);
      return undefined as T | undefined;
    },
    get: async () => {
      throw new Error('not used');
    },
    list: async () => {
      throw new Error('not used');
    },
    create: async () => {
      throw new Error('not used');
    },
    update: async () => {
      throw new Error('not used');
    },
    updateStatus: async () => {
      throw new Error('not used');
    },
    apply: async () => {
      throw new Error('not used');
    },
    watch: () => {
      throw new Error('not used');
    },
  };

  pod(key: string): Pod | undefined {
    return this.pods.get(key);
  }
}
