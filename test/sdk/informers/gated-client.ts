import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { KubeClient, WatchEvent, WatchOptions } from '../../../sdk/client/kube-client.js';
import type { ResourceDescriptor } from '../../../sdk/client/resource-descriptor.js';

/**
 * A KubeClient in front of a real one whose watches can be held back (`close()` / `open()`) or
 * made to fail (`failNext`), to put an informer through outages deterministically.
 */
export class GatedClient {
  private gate?: { promise: Promise<void>; release: () => void };
  failNext = 0;
  watchesOpened = 0;

  constructor(readonly inner: KubeClient) {}

  /** Holds back new watches until `open()`. */
  close(): void {
    if (this.gate) return;
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    this.gate = { promise, release };
  }

  open(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  /** The client to hand to informers. */
  get client(): KubeClient {
    const self = this;
    return new Proxy(this.inner, {
      get(target, prop, receiver) {
        if (prop !== 'watch') {
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        }
        return <T extends KubeObject>(res: ResourceDescriptor<T>, options?: WatchOptions) => self.watch(res, options);
      },
    });
  }

  private async *watch<T extends KubeObject>(
    res: ResourceDescriptor<T>,
    options?: WatchOptions,
  ): AsyncGenerator<WatchEvent<T>> {
    if (this.gate) await this.gate.promise;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('injected watch failure');
    }
    this.watchesOpened++;
    yield* this.inner.watch(res, options);
  }
}
