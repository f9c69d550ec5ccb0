import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseConfig } from '../../../core/config/index.js';
import { startControlPlane } from '../../../core/control-plane/control-plane.js';
import { adminClient, freePort } from '../../helpers/capstan-process.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/plugins');

/**
 * A plain-JS plugin that, on start and on stop, asks the API server's /healthz whether it answers,
 * and records the status code (or the connection error) in globalThis.__probes[config.key].
 */
const probePlugin = (failStart: boolean) => `
import { request } from 'node:https';
const ask = (port) => new Promise((res) => {
  const req = request({ host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false }, (r) => { r.resume(); res(r.statusCode); });
  req.on('error', (e) => res(e.code));
  req.end();
});
export default {
  name: 'probe',
  version: '1.0.0',
  register({ bind, config }) {
    const log = ((globalThis.__probes ??= {})[config.key] ??= []);
    bind(Symbol.for('capstan.dev/Lifecycle')).toConstantValue({
      async start() {
        log.push('start ' + await ask(config.port));
        ${failStart ? "throw new Error('probe cannot start');" : ''}
      },
      async stop() { log.push('stop ' + await ask(config.port)); },
    });
  },
};
`;

function setup(t: { teardown(fn: () => void): void }, failStart: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cp-plugins-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'probe'));
  writeFileSync(join(dir, 'probe', 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'probe', 'index.js'), probePlugin(failStart));
  return dir;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

test('plugins start after the API server serves, stop before it, and their API groups are served', async (t) => {
  const dir = setup(t, false);
  const port = await freePort();
  const config = parseConfig(
    `plugins:\n  paths: [./probe, ${JSON.stringify(join(fixtures, 'greeting-plugin'))}]\n  config:\n    probe: {port: ${port}, key: '${t.title}'}\n`,
    { baseDir: dir },
  );
  const plane = await startControlPlane({
    dataDir: join(dir, 'data'),
    storeUrl: 'memory://',
    port,
    config,
    builtinPluginDir: null,
    logger: pino({ level: 'silent' }),
  });
  const probes = () => (globalThis as { __probes?: Record<string, string[]> }).__probes?.[t.title];
  try {
    t.deepEqual(probes(), ['start 200']);
    t.deepEqual(
      plane.plugins.list().map((p) => [p.name, p.state]),
      [
        ['probe', 'running'],
        ['greeting', 'running'],
      ],
    );
    const client = adminClient(join(dir, 'data'), port);
    const res = await client.call('GET', '/apis/example.com/v1');
    client.agent.destroy();
    t.is(res.status, 200);
    t.deepEqual(
      (res.body.resources as Array<{ name: string; kind: string }>).map((r) => [r.name, r.kind]),
      [['greetings', 'Greeting']],
    );
  } finally {
    await plane.stop();
  }
  t.deepEqual(probes(), ['start 200', 'stop 200']);
  t.deepEqual(
    plane.plugins.list().map((p) => p.state),
    ['stopped', 'stopped'],
  );
});

test('a required plugin that fails to start fails the control plane, which releases its port', async (t) => {
  const dir = setup(t, true);
  const port = await freePort();
  const config = parseConfig(
    `plugins:\n  paths: [./probe]\n  required: [probe]\n  config: {probe: {port: ${port}, key: '${t.title}'}}\n`,
    {
      baseDir: dir,
    },
  );
  await t.throwsAsync(
    startControlPlane({
      dataDir: join(dir, 'data'),
      storeUrl: 'memory://',
      port,
      config,
      builtinPluginDir: null,
      logger: pino({ level: 'silent' }),
    }),
    { message: 'required plugin "probe" failed to start: probe cannot start' },
  );
  t.deepEqual((globalThis as { __probes?: Record<string, string[]> }).__probes?.[t.title], ['start 200']);
  t.true(await portIsFree(port));
});

test('a plugin that fails to start without being required leaves the control plane up', async (t) => {
  const dir = setup(t, true);
  const port = await freePort();
  const plane = await startControlPlane({
    dataDir: join(dir, 'data'),
    storeUrl: 'memory://',
    port,
    config: parseConfig(`plugins: {paths: [./probe], config: {probe: {port: ${port}, key: '${t.title}'}}}`, {
      baseDir: dir,
    }),
    builtinPluginDir: null,
    logger: pino({ level: 'silent' }),
  });
  try {
    t.like(plane.plugins.list()[0], { name: 'probe', state: 'failed', error: 'failed to start: probe cannot start' });
    const client = adminClient(join(dir, 'data'), port);
    t.is((await client.call('GET', '/api/v1/namespaces/default')).status, 200);
    client.agent.destroy();
  } finally {
    await plane.stop();
  }
});

test('a plugin may not serve a resource the core already serves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cp-plugins-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'pods.mjs'),
    `export default { name: 'pod-thief', version: '1.0.0', register({ bind }) {
  bind(Symbol.for('capstan.dev/ApiGroup')).toConstantValue([{ group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true }]);
} };\n`,
  );
  const port = await freePort();
  await t.throwsAsync(
    startControlPlane({
      dataDir: join(dir, 'data'),
      storeUrl: 'memory://',
      port,
      config: parseConfig('plugins: {paths: [./pods.mjs]}', { baseDir: dir }),
      builtinPluginDir: null,
      logger: pino({ level: 'silent' }),
    }),
    { message: 'plugin "pod-thief" contributes v1/pods, which is already served' },
  );
});
