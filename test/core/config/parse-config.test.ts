import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from '../../../core/config/index.js';

test('a full configuration parses into its sections', (t) => {
  const c = parseConfig(
    `apiVersion: capstan.dev/v1alpha1
kind: CapstanConfiguration
plugins:
  enable: [simulated-nodes]
  disable: [docker-runtime]
  required: [default-scheduler]
  paths:
    - ./plugins/prefer-label
    - capstan-plugin-foo
  config:
    prefer-label:
      label: disktype
      weight: 2
    empty:
scheduler:
  profiles:
    - schedulerName: default-scheduler
simulatedNodes: 3
`,
    { source: 'capstan.yaml', baseDir: '/etc/capstan' },
  );
  t.deepEqual(c.plugins, {
    enable: ['simulated-nodes'],
    disable: ['docker-runtime'],
    required: ['default-scheduler'],
    paths: ['./plugins/prefer-label', 'capstan-plugin-foo'],
    config: { 'prefer-label': { label: 'disktype', weight: 2 }, empty: {} },
  });
  t.deepEqual(c.scheduler, { profiles: [{ schedulerName: 'default-scheduler' }] });
  t.is(c.simulatedNodes, 3);
  t.is(c.source, 'capstan.yaml');
  t.is(c.baseDir, '/etc/capstan');
  t.true(Object.isFrozen(c.plugins.config['prefer-label']));
  t.true(Object.isFrozen(c.scheduler?.profiles));
});

const emptyPlugins = { enable: [], disable: [], required: [], paths: [], config: {} };

const validCases: Array<{ title: string; yaml: string }> = [
  { title: 'an empty file', yaml: '' },
  { title: 'only comments', yaml: '# nothing here\n' },
  { title: 'a null document', yaml: '~\n' },
  { title: 'an empty plugins section', yaml: 'plugins:\n' },
  { title: 'null lists', yaml: 'plugins:\n  enable:\n  paths: ~\n  config:\n' },
];

for (const c of validCases) {
  test(`valid: ${c.title} means nothing set`, (t) => {
    const parsed = parseConfig(c.yaml);
    t.deepEqual(parsed.plugins, emptyPlugins);
    t.is(parsed.scheduler, undefined);
    t.is(parsed.simulatedNodes, undefined);
  });
}

const errorCases: Array<{ title: string; yaml: string; field: string; message: string }> = [
  {
    title: 'unknown top-level key',
    yaml: 'plugin:\n  enable: [a]\n',
    field: 'plugin',
    message:
      'f.yaml: plugin: unknown field "plugin" (known fields: apiVersion, kind, plugins, scheduler, simulatedNodes)',
  },
  {
    title: 'unknown key under plugins',
    yaml: 'plugins:\n  enabel: [a]\n',
    field: 'plugins.enabel',
    message:
      'f.yaml: plugins.enabel: unknown field "plugins.enabel" (known fields: enable, disable, required, paths, config)',
  },
  {
    title: 'document is a list',
    yaml: '- plugins\n',
    field: '',
    message: 'f.yaml: must be a mapping of apiVersion, kind, plugins, scheduler, simulatedNodes, got list',
  },
  {
    title: 'plugins is a string',
    yaml: 'plugins: all\n',
    field: 'plugins',
    message: 'f.yaml: plugins: must be a mapping, got string',
  },
  {
    title: 'enable is a string',
    yaml: 'plugins:\n  enable: a\n',
    field: 'plugins.enable',
    message: 'f.yaml: plugins.enable: must be a list of strings, got string',
  },
  {
    title: 'a list item is a number',
    yaml: 'plugins:\n  disable: [a, 7]\n',
    field: 'plugins.disable[1]',
    message: 'f.yaml: plugins.disable[1]: must be a string, got number',
  },
  {
    title: 'an empty path',
    yaml: 'plugins:\n  paths: ["  "]\n',
    field: 'plugins.paths[0]',
    message: 'f.yaml: plugins.paths[0]: must not be empty',
  },
  {
    title: 'a duplicate entry',
    yaml: 'plugins:\n  paths: [./a, ./b, ./a]\n',
    field: 'plugins.paths[2]',
    message: 'f.yaml: plugins.paths[2]: duplicate entry "./a"',
  },
  {
    title: 'both enabled and disabled',
    yaml: 'plugins:\n  enable: [x, y]\n  disable: [y]\n',
    field: 'plugins.disable[0]',
    message: 'f.yaml: plugins.disable[0]: "y" is also listed in plugins.enable',
  },
  {
    title: 'both required and disabled',
    yaml: 'plugins:\n  required: [y]\n  disable: [y]\n',
    field: 'plugins.disable[0]',
    message: 'f.yaml: plugins.disable[0]: "y" is also listed in plugins.required',
  },
  {
    title: 'plugin settings are not a mapping',
    yaml: 'plugins:\n  config:\n    foo: [1, 2]\n',
    field: 'plugins.config.foo',
    message: 'f.yaml: plugins.config.foo: must be a mapping, got list',
  },
  {
    title: 'config is a list',
    yaml: 'plugins:\n  config: [foo]\n',
    field: 'plugins.config',
    message: 'f.yaml: plugins.config: must be a mapping of plugin name to settings, got list',
  },
  {
    title: 'scheduler is a number',
    yaml: 'scheduler: 1\n',
    field: 'scheduler',
    message: 'f.yaml: scheduler: must be a mapping, got number',
  },
  {
    title: 'wrong apiVersion',
    yaml: 'apiVersion: v1\n',
    field: 'apiVersion',
    message: 'f.yaml: apiVersion: must be "capstan.dev/v1alpha1", got "v1"',
  },
  {
    title: 'wrong kind',
    yaml: 'kind: Config\n',
    field: 'kind',
    message: 'f.yaml: kind: must be "CapstanConfiguration", got "Config"',
  },
];

for (const c of errorCases) {
  test(`error: ${c.title}`, (t) => {
    const err = t.throws(() => parseConfig(c.yaml, { source: 'f.yaml' }), { instanceOf: ConfigError });
    t.is(err.message, c.message);
    t.is(err.field, c.field);
    t.is(err.source, 'f.yaml');
  });
}

const yamlErrors: Array<{ title: string; yaml: string; message: RegExp }> = [
  {
    title: 'duplicate keys',
    yaml: 'plugins:\n  enable: [a]\n  enable: [b]\n',
    message: /^f\.yaml: invalid YAML: line 3, column 3: Map keys must be unique/,
  },
  {
    title: 'bad indentation',
    yaml: 'plugins:\n  enable: [a\n',
    message: /^f\.yaml: invalid YAML: line \d+, column \d+: /,
  },
];

for (const c of yamlErrors) {
  test(`YAML syntax: ${c.title} names the line`, (t) => {
    const err = t.throws(() => parseConfig(c.yaml, { source: 'f.yaml' }), { instanceOf: ConfigError });
    t.regex(err.message, c.message);
  });
}

test('loadConfigFile resolves relative paths from the file folder and names the file in errors', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'plugins: {paths: [./p]}\n');
  const c = loadConfigFile(good);
  t.is(c.baseDir, dir);
  t.is(c.source, good);
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'plugins: {paths: [1]}\n');
  t.is(
    t.throws(() => loadConfigFile(bad), { instanceOf: ConfigError }).message,
    `${bad}: plugins.paths[0]: must be a string, got number`,
  );
  t.is(
    t.throws(() => loadConfigFile(join(dir, 'absent.yaml')), { instanceOf: ConfigError }).message,
    `${join(dir, 'absent.yaml')}: no such file`,
  );
});
