import test from 'ava';
import { Container, ContainerModule } from '../../../sdk/di.js';
import { PodNetwork } from '../../../sdk/cni/index.js';
import { ContainerRuntime } from '../../../sdk/cri/index.js';
import type { CapstanPlugin, Logger } from '../../../sdk/plugins/index.js';
import builtinRuntime, { DockerRuntime } from '../../../plugins/docker-runtime/index.js';
import builtinNetwork, { CniRunner } from '../../../plugins/cni-runner/index.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

async function load(plugins: [CapstanPlugin, Record<string, unknown>][]): Promise<Container> {
  const container = new Container();
  for (const [plugin, config] of plugins) {
    await container.load(new ContainerModule((options) => plugin.register({ ...options, config, logger: silent })));
  }
  return container;
}

test('the built-in manifests are named, versioned, and the runtime optionally follows the network plugin', (t) => {
  t.like(builtinRuntime, { name: 'docker-runtime', version: '0.1.0', optional: ['cni-runner'] });
  t.like(builtinNetwork, { name: 'cni-runner', version: '0.1.0' });
});

test('with both plugins, ContainerRuntime is one DockerRuntime that uses the CniRunner as its PodNetwork', async (t) => {
  const c = await load([
    [builtinNetwork, { confDir: '/nonexistent/net.d', cacheDir: '/nonexistent/cache' }],
    [builtinRuntime, { owner: 'node-a', socketPath: '/nonexistent.sock' }],
  ]);
  const runtime = c.get<ContainerRuntime>(ContainerRuntime);
  t.true(runtime instanceof DockerRuntime);
  t.is(c.get<ContainerRuntime>(ContainerRuntime), runtime);
  const network = c.get<PodNetwork>(PodNetwork);
  t.true(network instanceof CniRunner);
  t.is((runtime as unknown as { options: { network?: unknown; owner: string } }).options.network, network);
  t.is((runtime as unknown as { options: { owner: string } }).options.owner, 'node-a');
  // Nothing was contacted: the engine is only asked when used, and then the fault is an error.
  await t.throwsAsync(runtime.version(), { message: /ENOENT \/nonexistent\.sock/ });
});

test('without a network plugin the runtime has no pod network', async (t) => {
  const c = await load([[builtinRuntime, {}]]);
  const runtime = c.get<ContainerRuntime>(ContainerRuntime);
  t.is((runtime as unknown as { options: { network?: unknown } }).options.network, undefined);
});
