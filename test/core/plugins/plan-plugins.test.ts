import test from 'ava';
import { planPlugins } from '../../../core/plugins/plan-plugins.js';
import { PluginGraphError } from '../../../core/plugins/plugin-errors.js';
import type { PluginsConfig } from '../../../core/config/capstan-config.js';
import type { DiscoveredPlugin } from '../../../core/plugins/plugin-source.js';
import { fakePlugin, pluginsConfig, type FakePluginSpec } from './plugin-builders.js';

const build = (specs: Array<[string, FakePluginSpec?]>): DiscoveredPlugin[] =>
  specs.map(([n, s]) => fakePlugin(n, [], s ?? {}));

const orderCases: Array<{
  title: string;
  plugins: Array<[string, FakePluginSpec?]>;
  config?: Partial<PluginsConfig>;
  /** Enabled plugins in start order, then `|`, then the disabled ones. */
  want: string;
}> = [
  { title: 'no dependencies keeps discovery order', plugins: [['c'], ['a'], ['b']], want: 'c a b |' },
  {
    title: 'a plugin starts after what it requires',
    plugins: [['web', { requires: ['db'] }], ['db'], ['cache']],
    want: 'db web cache |',
  },
  {
    title: 'transitive requirements',
    plugins: [['a', { requires: ['b'] }], ['b', { requires: ['c'] }], ['c']],
    want: 'c b a |',
  },
  {
    title: 'optional plugins that are present order like requirements',
    plugins: [['a', { optional: ['b'] }], ['b']],
    want: 'b a |',
  },
  { title: 'an absent optional plugin is tolerated', plugins: [['a', { optional: ['zzz'] }]], want: 'a |' },
  {
    title: 'a disabled optional plugin is tolerated',
    plugins: [['a', { optional: ['b'] }], ['b']],
    config: { disable: ['b'] },
    want: 'a | b',
  },
  {
    title: 'plugins.disable turns a plugin off',
    plugins: [['a'], ['b'], ['c']],
    config: { disable: ['b'] },
    want: 'a c | b',
  },
  {
    title: 'off by default until plugins.enable names it',
    plugins: [['a'], ['sim', { enabledByDefault: false }], ['b', { enabledByDefault: false }]],
    config: { enable: ['sim'] },
    want: 'a sim | b',
  },
  {
    title: 'plugins.required enables a plugin that is off by default',
    plugins: [['sim', { enabledByDefault: false }]],
    config: { required: ['sim'] },
    want: 'sim |',
  },
  {
    title: 'diamond',
    plugins: [
      ['top', { requires: ['left', 'right'] }],
      ['right', { requires: ['base'] }],
      ['left', { requires: ['base'] }],
      ['base'],
    ],
    want: 'base right left top |',
  },
];

for (const c of orderCases) {
  test(`order: ${c.title}`, (t) => {
    const plan = planPlugins(build(c.plugins), pluginsConfig(c.config));
    const enabled = plan.filter((p) => p.enabled).map((p) => p.plugin.manifest.name);
    const disabled = plan.filter((p) => !p.enabled).map((p) => p.plugin.manifest.name);
    t.is(`${enabled.join(' ')} | ${disabled.join(' ')}`.trim(), c.want.trim());
  });
}

const errorCases: Array<{
  title: string;
  plugins: Array<[string, FakePluginSpec?]>;
  config?: Partial<PluginsConfig>;
  problems: Array<string | RegExp>;
}> = [
  {
    title: 'duplicate names',
    plugins: [['a'], ['b'], ['a']],
    problems: ['plugin name "a" is declared twice: by builtin test:a and by builtin test:a'],
  },
  {
    title: 'missing dependency',
    plugins: [['a', { requires: ['b'] }]],
    problems: ['plugin "a" requires "b", which is not loaded'],
  },
  {
    title: 'dependency disabled by configuration',
    plugins: [['a', { requires: ['b'] }], ['b']],
    config: { disable: ['b'] },
    problems: ['plugin "a" requires "b", which is disabled by plugins.disable'],
  },
  {
    title: 'dependency off by default',
    plugins: [
      ['a', { requires: ['b'] }],
      ['b', { enabledByDefault: false }],
    ],
    problems: ['plugin "a" requires "b", which is disabled (add it to plugins.enable)'],
  },
  {
    title: 'a disabled plugin may require a missing one',
    plugins: [['a', { requires: ['zzz'] }]],
    config: { disable: ['a'] },
    problems: [],
  },
  {
    title: 'two-plugin cycle',
    plugins: [
      ['a', { requires: ['b'] }],
      ['b', { requires: ['a'] }],
    ],
    problems: ['plugins form a dependency cycle: a -> b -> a'],
  },
  {
    title: 'cycle behind a plugin that is fine',
    plugins: [['ok'], ['x', { requires: ['y'] }], ['y', { requires: ['z'] }], ['z', { optional: ['x'] }]],
    problems: ['plugins form a dependency cycle: x -> y -> z -> x'],
  },
  {
    title: 'a plugin waiting on a cycle is not part of it',
    plugins: [
      ['w', { requires: ['p'] }],
      ['p', { requires: ['q'] }],
      ['q', { requires: ['p'] }],
    ],
    problems: ['plugins form a dependency cycle: p -> q -> p'],
  },
  {
    title: 'configuration naming no plugin',
    plugins: [['a'], ['b']],
    config: { enable: ['c'], disable: ['d'], required: ['e'], config: { f: {} } },
    problems: [
      'plugins.enable[0]: no plugin named "c" (loaded: a, b)',
      'plugins.disable[0]: no plugin named "d" (loaded: a, b)',
      'plugins.required[0]: no plugin named "e" (loaded: a, b)',
      'plugins.config.f: no plugin named "f" (loaded: a, b)',
    ],
  },
  {
    title: 'every problem is reported at once',
    plugins: [['a', { requires: ['m'] }], ['a'], ['b', { requires: ['n'] }]],
    problems: [
      /declared twice/,
      'plugin "a" requires "m", which is not loaded',
      'plugin "b" requires "n", which is not loaded',
    ],
  },
];

for (const c of errorCases) {
  test(`refusal: ${c.title}`, (t) => {
    const run = () => planPlugins(build(c.plugins), pluginsConfig(c.config));
    if (c.problems.length === 0) {
      t.notThrows(run);
      return;
    }
    const err = t.throws(run, { instanceOf: PluginGraphError });
    t.is(err.problems.length, c.problems.length, err.message);
    c.problems.forEach((want, i) => {
      if (typeof want === 'string') t.is(err.problems[i], want);
      else t.regex(err.problems[i]!, want);
    });
  });
}

test('a single problem reads as one line', (t) => {
  const err = t.throws(() => planPlugins(build([['a', { requires: ['b'] }]]), pluginsConfig()), {
    instanceOf: PluginGraphError,
  });
  t.is(err.message, 'invalid plugin set: plugin "a" requires "b", which is not loaded');
});

test('plugin settings and required flags reach the plan', (t) => {
  const plan = planPlugins(
    build([['a'], ['b', { required: true }]]),
    pluginsConfig({ config: { a: { x: 1 } }, required: ['a'] }),
  );
  t.deepEqual(
    plan.map((p) => [p.plugin.manifest.name, p.required, p.config]),
    [
      ['a', true, { x: 1 }],
      ['b', true, {}],
    ],
  );
});
