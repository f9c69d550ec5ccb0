import test from 'ava';
import { emptyConfig, parseConfig } from '../../../core/config/index.js';
import { PluginStartError } from '../../../core/plugins/plugin-errors.js';
import { createPluginHost } from '../../../core/plugins/plugin-host.js';
import type { DiscoveredPlugin } from '../../../core/plugins/plugin-source.js';
import { inject, injectable, named } from '../../../sdk/di.js';
import {
  ApiGroup,
  ConfigDocument,
  FakeClock,
  Lifecycle,
  Logger,
  PluginConfig,
  definePlugin,
  type PluginContext,
} from '../../../sdk/plugins/index.js';
import { fakePlugin, type FakePluginSpec, type Journal } from './plugin-builders.js';

async function hostOf(specs: Array<[string, FakePluginSpec?]>, yaml = '') {
  const journal: Journal = [];
  const extraPlugins = specs.map(([n, s]) => fakePlugin(n, journal, s ?? {}));
  const host = await createPluginHost({ builtinDir: null, extraPlugins, config: parseConfig(yaml) });
  return { host, journal };
}

const states = (host: { list(): Array<{ name: string; state: string }> }) =>
  Object.fromEntries(host.list().map((p) => [p.name, p.state]));

test('plugins register and start in dependency order and stop in reverse', async (t) => {
  const { host, journal } = await hostOf([['web', { requires: ['db'] }], ['db'], ['metrics', { lifecycles: 2 }]]);
  t.deepEqual(journal, ['register db', 'register web', 'register metrics']);
  t.deepEqual(states(host), { db: 'loaded', web: 'loaded', metrics: 'loaded' });
  await host.start();
  t.deepEqual(journal.slice(3), ['start db', 'start web', 'start metrics#0', 'start metrics#1']);
  t.deepEqual(states(host), { db: 'running', web: 'running', metrics: 'running' });
  await host.stop();
  t.deepEqual(journal.slice(7), ['stop metrics#1', 'stop metrics#0', 'stop web', 'stop db']);
  t.deepEqual(states(host), { db: 'stopped', web: 'stopped', metrics: 'stopped' });
  await host.stop();
  t.is(journal.length, 11, 'a second stop does nothing');
});

const failureCases: Array<{
  title: string;
  plugins: Array<[string, FakePluginSpec?]>;
  yaml?: string;
  /** The error start() rejects with, if any. */
  rejects?: string;
  journal: string[];
  states: Record<string, string>;
}> = [
  {
    title: 'a failing start is isolated; what requires it is skipped, the rest run',
    plugins: [['a'], ['bad', { failStart: 'boom' }], ['needs-bad', { requires: ['bad'] }], ['c']],
    journal: ['start a', 'start bad', 'start c'],
    states: { a: 'running', bad: 'failed', 'needs-bad': 'skipped', c: 'running' },
  },
  {
    title: 'a plugin that optionally follows a failed one still starts',
    plugins: [
      ['bad', { failStart: 'boom' }],
      ['soft', { optional: ['bad'] }],
    ],
    journal: ['start bad', 'start soft'],
    states: { bad: 'failed', soft: 'running' },
  },
  {
    title: 'contributions of a failed plugin that did start are stopped',
    plugins: [['multi', { lifecycles: 3, failStart: 'third fails' }], ['z']],
    journal: ['start multi#0', 'start multi#1', 'start multi#2', 'stop multi#1', 'stop multi#0', 'start z'],
    states: { multi: 'failed', z: 'running' },
  },
  {
    title: 'a required plugin (manifest) that fails stops everything started, in reverse',
    plugins: [['a'], ['b'], ['core', { required: true, failStart: 'no store' }], ['after']],
    rejects: 'required plugin "core" failed to start: no store',
    journal: ['start a', 'start b', 'start core', 'stop b', 'stop a'],
    states: { a: 'stopped', b: 'stopped', core: 'failed', after: 'loaded' },
  },
  {
    title: 'plugins.required makes a plugin required',
    plugins: [['a'], ['core', { failStart: 'down' }]],
    yaml: 'plugins: {required: [core]}',
    rejects: 'required plugin "core" failed to start: down',
    journal: ['start a', 'start core', 'stop a'],
    states: { a: 'stopped', core: 'failed' },
  },
  {
    title: 'disabled plugins neither register nor start',
    plugins: [['a'], ['b']],
    yaml: 'plugins: {disable: [b]}',
    journal: ['start a'],
    states: { a: 'running', b: 'disabled' },
  },
];

for (const c of failureCases) {
  test(`start: ${c.title}`, async (t) => {
    const { host, journal } = await hostOf(c.plugins, c.yaml);
    journal.length = 0;
    if (c.rejects !== undefined) {
      const err = await t.throwsAsync(host.start(), { instanceOf: PluginStartError });
      t.is(err.message, c.rejects);
    } else {
      await host.start();
    }
    t.deepEqual(journal, c.journal);
    t.deepEqual(states(host), c.states);
    const failed = host.list().find((p) => p.state === 'failed');
    if (failed !== undefined) t.regex(failed.error ?? '', /^failed to start: /);
    await host.stop();
  });
}

test('a plugin whose register throws is failed and unloaded; plugins requiring it are skipped', async (t) => {
  const { host, journal } = await hostOf([
    ['bad', { failRegister: 'bad binding' }],
    ['needs', { requires: ['bad'] }],
    ['ok'],
  ]);
  t.deepEqual(journal, ['register bad', 'register ok']);
  const info = host.list();
  t.like(
    info.find((p) => p.name === 'bad'),
    { state: 'failed', error: 'failed to register: bad binding' },
  );
  t.like(
    info.find((p) => p.name === 'needs'),
    { state: 'skipped', error: 'required plugin "bad" is failed' },
  );
  await host.start();
  t.deepEqual(journal.slice(2), ['start ok']);
  await host.stop();
});

test('a required plugin whose register throws fails host creation', async (t) => {
  const err = await t.throwsAsync(hostOf([['bad', { failRegister: 'nope', required: true }]]), {
    instanceOf: PluginStartError,
  });
  t.is(err.message, 'required plugin "bad" failed to register: nope');
  t.is(err.plugin, 'bad');
  t.is(err.phase, 'register');
});

test('start receives its config, a logger, the clock and a signal that aborts before stop', async (t) => {
  const clock = new FakeClock(1_700_000_000_000);
  let seen: PluginContext | undefined;
  let abortedAtStop: boolean | undefined;
  const manifest = definePlugin({
    name: 'probe',
    version: '1.0.0',
    register({ bind }) {
      bind<Lifecycle>(Lifecycle).toConstantValue({
        start(ctx) {
          seen = ctx;
        },
        stop() {
          abortedAtStop = seen?.signal.aborted;
        },
      });
    },
  });
  const host = await createPluginHost({
    builtinDir: null,
    clock,
    extraPlugins: [{ manifest, source: 'builtin', location: 'test' }],
    config: parseConfig('plugins: {config: {probe: {level: 3, tags: [x]}}}'),
  });
  await host.start();
  t.is(seen?.pluginName, 'probe');
  t.deepEqual(seen?.config, { level: 3, tags: ['x'] });
  t.true(Object.isFrozen(seen?.config));
  t.is(seen?.clock.now(), 1_700_000_000_000);
  t.false(seen?.signal.aborted);
  await host.stop();
  t.true(abortedAtStop);
});

@injectable()
class Configured {
  constructor(
    @inject(PluginConfig) @named('configured') readonly config: PluginConfig,
    @inject(ConfigDocument) readonly doc: ConfigDocument,
  ) {}
}

test('classes inject their own PluginConfig by plugin name, and the whole document', async (t) => {
  const Probe = Symbol.for('test/Configured');
  const configured = definePlugin({
    name: 'configured',
    version: '1.0.0',
    register({ bind }) {
      bind(Probe).to(Configured);
      bind(Lifecycle).toService(Probe);
    },
  });
  const other = definePlugin({ name: 'other', version: '1.0.0', register: () => undefined });
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [
      { manifest: configured, source: 'builtin', location: 'test' },
      { manifest: other, source: 'builtin', location: 'test' },
    ],
    config: parseConfig('plugins: {config: {configured: {a: 1}, other: {b: 2}}}\nsimulatedNodes: 3\n'),
  });
  await host.start();
  const c = host.container.get<Configured>(Probe);
  t.deepEqual(c.config, { a: 1 });
  t.is(c.doc.simulatedNodes, 3);
  t.deepEqual(host.list().find((p) => p.name === 'configured')?.contributions, [
    { token: 'Lifecycle', count: 1 },
    { token: 'test/Configured', count: 1 },
  ]);
  await host.stop();
});

test('ApiGroup contributions are collected per plugin and listed', async (t) => {
  const type = (group: string, plural: string) => ({
    group,
    version: 'v1',
    kind: plural,
    plural,
    singular: plural,
    namespaced: true,
  });
  const mk = (name: string, ...types: ReturnType<typeof type>[]): DiscoveredPlugin => ({
    manifest: definePlugin({
      name,
      version: '1.0.0',
      register: ({ bind }) => void bind(ApiGroup).toConstantValue(types),
    }),
    source: 'builtin',
    location: 'test',
  });
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [mk('one', type('a.example', 'as'), type('', 'cores')), mk('two', type('b.example', 'bs'))],
  });
  t.deepEqual(
    host.apiGroups().map((g) => [g.plugin, g.types.map((x) => x.plural)]),
    [
      ['one', ['as', 'cores']],
      ['two', ['bs']],
    ],
  );
  t.deepEqual(host.list()[0]?.contributions, [
    { token: 'ApiGroup', count: 1, resources: ['a.example/v1/as', 'v1/cores'] },
  ]);
  await host.stop();
});

test('plugins may not rebind or unbind the contribution tokens', async (t) => {
  const manifest = definePlugin({
    name: 'greedy',
    version: '1.0.0',
    register: ({ unbind }) => unbind(Lifecycle),
  });
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [{ manifest, source: 'builtin', location: 'test' }],
    config: emptyConfig(),
  });
  t.like(host.list()[0], { state: 'failed' });
  t.regex(host.list()[0]?.error ?? '', /may not unbind capstan\.dev\/Lifecycle/);
});

test('start may be called once only', async (t) => {
  const { host } = await hostOf([['a']]);
  await host.start();
  await t.throwsAsync(host.start(), { message: 'cannot start plugins: they are started' });
  await host.stop();
});

test('each plugin logs with component "plugin" and its name', async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const write = (a: object | string, msg?: string) =>
      lines.push(typeof a === 'string' ? { ...bindings, msg: a } : { ...bindings, ...a, msg });
    return { debug: write, info: write, warn: write, error: write, child: (b) => make({ ...bindings, ...b }) };
  };
  const manifest = definePlugin({
    name: 'chatty',
    version: '1.0.0',
    register({ bind }) {
      bind<Lifecycle>(Lifecycle).toConstantValue({ start: (ctx) => ctx.logger.info({ n: 1 }, 'hello') });
    },
  });
  const host = await createPluginHost({
    builtinDir: null,
    logger: make({ app: 'capstan' }),
    extraPlugins: [{ manifest, source: 'builtin', location: 'test' }],
  });
  await host.start();
  await host.stop();
  t.deepEqual(
    lines.find((l) => l.msg === 'hello'),
    { app: 'capstan', component: 'plugin', plugin: 'chatty', n: 1, msg: 'hello' },
  );
});

test('services bound by the core are injectable by plugins, resolved when the plugin starts', async (t) => {
  const Greeting = Symbol.for('test/Greeting');
  let resolvedAt = '';
  let phase = 'registering';
  let got: unknown;
  const manifest = definePlugin({
    name: 'consumer',
    version: '1.0.0',
    register({ bind }) {
      bind<Lifecycle>(Lifecycle).toResolvedValue(
        (greeting: string) => ({ start: () => void (got = greeting) }),
        [Greeting],
      );
    },
  });
  const host = await createPluginHost({
    builtinDir: null,
    extraPlugins: [{ manifest, source: 'builtin', location: 'test' }],
    services: (bind) =>
      void bind(Greeting).toDynamicValue(() => {
        resolvedAt = phase;
        return 'hi';
      }),
  });
  phase = 'starting';
  await host.start();
  t.is(got, 'hi');
  t.is(resolvedAt, 'starting');
  await host.stop();
});
