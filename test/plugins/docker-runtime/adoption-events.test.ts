import test from 'ava';
import type { RuntimeEvent } from '../../../sdk/cri/index.js';
import { DockerRuntime } from '../../../plugins/docker-runtime/index.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { dockerAvailable, suffix } from './host-parts.js';
import { containerConfig, podConfig, removeOwned, waitExited } from './runtime-fixture.js';

const ready = await dockerAvailable();
const e2e = whenAvailable(test, ready, 'needs a Docker engine on /var/run/docker.sock');

e2e('a new runtime instance for the same owner adopts the sandboxes and containers of an earlier one', async (t) => {
  const owner = `capstan-test-${suffix()}`;
  t.teardown(() => removeOwned(owner));
  const first = new DockerRuntime({ owner });
  const sandbox = podConfig('adopt-me', {
    labels: { app: 'web', 'pod-template-hash': 'abc' },
    annotations: { 'kubernetes.io/config.seen': '2025-01-01T00:00:00Z' },
  });
  const sandboxId = await first.runPodSandbox(sandbox);
  const main = await first.createContainer(
    sandboxId,
    containerConfig('main', ['sleep', '3600'], {
      labels: { tier: 'front' },
      annotations: { 'io.kubernetes.container.hash': '1234' },
    }),
    sandbox,
  );
  await first.startContainer(main);
  const done = await first.createContainer(
    sandboxId,
    containerConfig('init', ['true'], { metadata: { name: 'init', attempt: 2 } }),
    sandbox,
  );
  await first.startContainer(done);
  await waitExited(first, done);

  // "Restart": a fresh instance with no memory of the first.
  const second = new DockerRuntime({ owner });
  const sandboxes = await second.listPodSandbox();
  t.deepEqual(
    sandboxes.map((s) => ({
      id: s.id,
      metadata: s.metadata,
      state: s.state,
      labels: s.labels,
      annotations: s.annotations,
    })),
    [
      {
        id: sandboxId,
        metadata: sandbox.metadata,
        state: 'SANDBOX_READY',
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        annotations: { 'kubernetes.io/config.seen': '2025-01-01T00:00:00Z' },
      },
    ],
  );
  const containers = await second.listContainers({ podSandboxId: sandboxId });
  t.deepEqual(
    containers
      .map((c) => ({ id: c.id, name: c.metadata.name, attempt: c.metadata.attempt, state: c.state, image: c.image }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    [
      { id: done, name: 'init', attempt: 2, state: 'CONTAINER_EXITED', image: 'capstan/busybox:latest' },
      { id: main, name: 'main', attempt: 0, state: 'CONTAINER_RUNNING', image: 'capstan/busybox:latest' },
    ],
  );
  const mainStatus = await second.containerStatus(main);
  t.deepEqual(mainStatus?.labels, { tier: 'front' });
  t.deepEqual(mainStatus?.annotations, { 'io.kubernetes.container.hash': '1234' });
  t.is(mainStatus?.podSandboxId, sandboxId);
  t.like(await second.containerStatus(done), { exitCode: 0, reason: 'Completed' });

  // Filters.
  t.deepEqual(
    (await second.listContainers({ state: 'CONTAINER_RUNNING' })).map((c) => c.id),
    [main],
  );
  t.deepEqual(
    (await second.listContainers({ labelSelector: { tier: 'front' } })).map((c) => c.id),
    [main],
  );
  t.deepEqual((await second.listPodSandbox({ labelSelector: { app: 'other' } })).length, 0);
  t.deepEqual(
    (await second.listPodSandbox({ id: sandboxId })).map((s) => s.id),
    [sandboxId],
  );

  // Another owner sees nothing and cannot touch them.
  const stranger = new DockerRuntime({ owner: `capstan-test-${suffix()}` });
  t.deepEqual(await stranger.listPodSandbox(), []);
  t.deepEqual(await stranger.listContainers(), []);
  t.is(await stranger.podSandboxStatus(sandboxId), undefined);
  t.is(await stranger.containerStatus(main), undefined);
  await stranger.removePodSandbox(sandboxId);
  t.is((await second.podSandboxStatus(sandboxId))?.state, 'SANDBOX_READY');

  // The adopted pod can be stopped and removed by the new instance; both calls are idempotent.
  await second.stopPodSandbox(sandboxId);
  t.is((await second.podSandboxStatus(sandboxId))?.state, 'SANDBOX_NOTREADY');
  t.is((await second.containerStatus(main))?.state, 'CONTAINER_EXITED');
  await second.stopPodSandbox(sandboxId);
  await second.removePodSandbox(sandboxId);
  await second.removePodSandbox(sandboxId);
  t.deepEqual(await second.listPodSandbox(), []);
  t.deepEqual(await second.listContainers(), []);
});

e2e('the events stream reports create, start, stop (with exit code) and delete of this owner only', async (t) => {
  const owner = `capstan-test-${suffix()}`;
  t.teardown(() => removeOwned(owner));
  const rt = new DockerRuntime({ owner });
  const other = new DockerRuntime({ owner: `capstan-test-${suffix()}` });
  const ac = new AbortController();
  t.teardown(() => ac.abort());
  // Replay from just before acting, so that no event is missed while the stream opens.
  const iterator = rt.events(ac.signal, { since: new Date(Date.now() - 1000) })[Symbol.asyncIterator]();

  const sandbox = podConfig('evented');
  const sandboxId = await rt.runPodSandbox(sandbox);
  const otherSandbox = await other.runPodSandbox(podConfig('not-mine'));
  t.teardown(() => other.removePodSandbox(otherSandbox));
  const id = await rt.createContainer(sandboxId, containerConfig('main', ['sh', '-c', 'exit 7']), sandbox);
  await rt.startContainer(id);
  await waitExited(rt, id);
  await rt.removeContainer(id);

  const seen: RuntimeEvent[] = [];
  let next = await iterator.next();
  while (!next.done) {
    seen.push(next.value);
    if (next.value.type === 'deleted' && next.value.id === id) break;
    next = await iterator.next();
  }
  ac.abort();
  t.true(
    seen.every((e) => e.pod.uid === sandbox.metadata.uid),
    'only this owner',
  );
  t.deepEqual(
    seen.filter((e) => e.kind === 'sandbox').map((e) => [e.type, e.id]),
    [
      ['created', sandboxId],
      ['started', sandboxId],
    ],
  );
  const forContainer = seen.filter((e) => e.kind === 'container');
  t.deepEqual(
    forContainer.map((e) => [e.type, e.id, e.podSandboxId, e.containerName, e.exitCode]),
    [
      ['created', id, sandboxId, 'main', undefined],
      ['started', id, sandboxId, 'main', undefined],
      ['stopped', id, sandboxId, 'main', 7],
      ['deleted', id, sandboxId, 'main', undefined],
    ],
  );
  t.deepEqual(forContainer[0]!.pod, sandbox.metadata);
  // After abort the iterable ends.
  t.true((await iterator.next()).done);
});
