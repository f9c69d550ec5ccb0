import { Status, type BindPlugin, type CycleState, type FrameworkHandle, type Pod } from '../../sdk/scheduler/index.js';
import { names } from './names.js';

/** DefaultBinder (defaultbinder/default_binder.go): POSTs a Binding to the pod's binding subresource. */
export class DefaultBinderPlugin implements BindPlugin {
  readonly name = names.DefaultBinder;
  constructor(private readonly handle: FrameworkHandle) {}

  async bind(_s: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    const ns = pod.metadata.namespace ?? 'default';
    const name = pod.metadata.name!;
    try {
      await this.handle.client.request(
        'POST',
        `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/binding`,
        {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name, namespace: ns, uid: pod.metadata.uid },
          target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
        },
      );
      return undefined;
    } catch (err) {
      return Status.error(err);
    }
  }
}
