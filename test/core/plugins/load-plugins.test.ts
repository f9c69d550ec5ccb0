import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyConfig, parseConfig } from '../../../core/config/index.js';
import { discoverBuiltinPlugins } from '../../../core/plugins/discover-builtin-plugins.js';
import { PluginLoadError } from '../../../core/plugins/plugin-errors.js';
import { createPluginHost } from '../../../core/plugins/plugin-host.js';
import { isPathEntry } from '../../../core/plugins/resolve-plugin-entry.js';

/** dist/test/fixtures/plugins, where the compiled example plugin lives. */
const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/plugins');

interface GreeterLike {
  said: string[];
}

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-plugins-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path relative to `dir` -> content). */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
}

/** A plain-JS plugin that only uses the shared Symbol.for tokens, as a package without the sdk could. */
const plainPlugin = (name: string, extra = '') => `
export default {
  name: ${JSON.stringify(name)},
  version: '2.0.0',
  ${extra}
  register({ bind, config }) {
    bind(Symbol.for('capstan.dev/Lifecycle')).toConstantValue({
      start(ctx) { globalThis.__capstanTestStarted = [...(globalThis.__capstanTestStarted ?? []), ctx.pluginName + ':' + (config.greeting ?? '')]; },
    });
  },
};
`;

test('a plugin loads from a folder path relative to the configuration file', async (t) => {
  const dir = tempDir(t);
  const configFile = join(dir, 'capstan.yaml');
  const rel = relative(dir, join(fixtures, 'greeting-plugin'));
  const config = parseConfig(
    `plugins:\n  paths: [${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}]\n  config:\n    greeting: {whom: Ada}\n`,
    {
      source: configFile,
      baseDir: dir,
    },
  );
  const host = await createPluginHost({ builtinDir: null, config });
  const [info] = host.list();
  t.like(info, {
    name: 'greeting',
    version: '1.0.0',
    source: 'path',
    location: join(fixtures, 'greeting-plugin', 'index.js'),
    state: 'loaded',
    description: 'Says hello; serves example.com/v1 greetings',
  });
  t.deepEqual(info?.contributions, [
    { token: 'ApiGroup', count: 1, resources: ['example.com/v1/greetings'] },
    { token: 'example.com/Greeter', count: 1 },
    { token: 'Lifecycle', count: 1 },
  ]);
  await host.start();
  const greeter = host.container.get<GreeterLike>(Symbol.for('example.com/Greeter'));
  t.deepEqual(greeter.said, ['hello Ada from greeting']);
  await host.stop();
  t.deepEqual(greeter.said, ['hello Ada from greeting', 'goodbye']);
});

test('a plugin loads from an npm package installed next to the configuration, through package.json', async (t) => {
  const dir = tempDir(t);
  writeTree(dir, {
    'node_modules/capstan-plugin-hello/package.json': JSON.stringify({
      name: 'capstan-plugin-hello',
      type: 'module',
      main: './wrong.js',
      capstan: { plugin: './lib/plugin.js' },
    }),
    'node_modules/capstan-plugin-hello/lib/plugin.js': plainPlugin('hello'),
    'node_modules/@acme/capstan-scoped/package.json': JSON.stringify({
      name: '@acme/capstan-scoped',
      type: 'module',
      exports: { '.': { import: './esm/index.js' } },
    }),
    'node_modules/@acme/capstan-scoped/esm/index.js': plainPlugin('scoped', "requires: ['hello'],"),
  });
  const config = parseConfig(
    'plugins:\n  paths: ["@acme/capstan-scoped", capstan-plugin-hello]\n  config: {hello: {greeting: hi}}\n',
    { baseDir: join(dir) },
  );
  (globalThis as Record<string, unknown>).__capstanTestStarted = [];
  const host = await createPluginHost({ builtinDir: null, config });
  t.deepEqual(
    host.list().map((p) => [p.name, p.source, p.entry, p.location]),
    [
      ['hello', 'npm', 'capstan-plugin-hello', join(dir, 'node_modules/capstan-plugin-hello/lib/plugin.js')],
      ['scoped', 'npm', '@acme/capstan-scoped', join(dir, 'node_modules/@acme/capstan-scoped/esm/index.js')],
    ],
  );
  await host.start();
  t.deepEqual((globalThis as Record<string, unknown>).__capstanTestStarted, ['hello:hi', 'scoped:']);
  await host.stop();
});

test('built-ins are the sub-folders whose index default-exports a plugin', async (t) => {
  const dir = tempDir(t);
  writeTree(dir, {
    'package.json': JSON.stringify({ type: 'module' }),
    'zeta/index.js': plainPlugin('zeta'),
    'alpha/index.js': plainPlugin('alpha'),
    'api-types-only/index.js': 'export const resourceTypes = [];\n',
    'no-index/other.js': plainPlugin('never'),
    'named-export/index.js': plainPlugin('named').replace('export default', 'export const plugin ='),
  });
  const found = await discoverBuiltinPlugins(dir);
  t.deepEqual(
    found.map((p) => [p.manifest.name, p.source, relative(dir, p.location)]),
    [
      ['alpha', 'builtin', join('alpha', 'index.js')],
      ['named', 'builtin', join('named-export', 'index.js')],
      ['zeta', 'builtin', join('zeta', 'index.js')],
    ],
  );
  t.deepEqual(await discoverBuiltinPlugins(join(dir, 'missing')), []);
});

test('built-ins come before configured plugins, and a configured one may not reuse a built-in name', async (t) => {
  const dir = tempDir(t);
  writeTree(dir, {
    'package.json': JSON.stringify({ type: 'module' }),
    'builtin/one/index.js': plainPlugin('one'),
    'extra/one-again.js': plainPlugin('one'),
  });
  const err = await t.throwsAsync(
    createPluginHost({
      builtinDir: join(dir, 'builtin'),
      config: parseConfig('plugins: {paths: [./extra/one-again.js]}', { baseDir: dir }),
    }),
  );
  t.is(
    err?.message,
    `invalid plugin set: plugin name "one" is declared twice: by builtin ${join(dir, 'builtin/one/index.js')} and by path "./extra/one-again.js" (${join(dir, 'extra/one-again.js')})`,
  );
});

const loadErrors: Array<{ title: string; files?: Record<string, string>; entry: string; message: RegExp }> = [
  { title: 'missing path', entry: './nowhere', message: /^plugin path "\.\/nowhere" \(.*\/nowhere\) does not exist$/ },
  {
    title: 'package not installed',
    entry: 'capstan-plugin-absent',
    message:
      /^npm package "capstan-plugin-absent" is not installed \(looked in node_modules above .*\); install it with npm install capstan-plugin-absent$/,
  },
  {
    title: 'neither a path nor a package name',
    entry: 'Not A Package',
    message: /^"Not A Package" is neither a path \(start it with \.\/ or \/\) nor a valid npm package name$/,
  },
  {
    title: 'folder without an entry module',
    files: { 'empty/README': 'nothing' },
    entry: './empty',
    message: /^plugin "\.\/empty" has no entry module: .*\/empty\/index\.js does not exist$/,
  },
  {
    title: 'module exporting no plugin',
    files: { 'lib.mjs': 'export const x = 1;\n' },
    entry: './lib.mjs',
    message:
      /^"\.\/lib\.mjs" \(.*\/lib\.mjs\) does not export a plugin: expected `export default definePlugin\(\{ name, version, register \}\)`$/,
  },
  {
    title: 'module that fails to import',
    files: { 'broken.mjs': 'export default {\n' },
    entry: './broken.mjs',
    message: /^cannot import plugin "\.\/broken\.mjs" \(.*\/broken\.mjs\): /,
  },
  {
    title: 'invalid manifest',
    files: {
      'bad.mjs': "export default { name: 'Bad_Name', version: 'one', requires: ['Bad_Name'], register() {} };\n",
    },
    entry: './bad.mjs',
    message:
      /has an invalid manifest: name "Bad_Name" must be at most 63 lower-case letters, digits, '-' or '\.', starting and ending with a letter or digit; version "one" is not a semantic version \(like 1\.2\.3\); requires names the plugin itself$/,
  },
];

for (const c of loadErrors) {
  test(`load error: ${c.title}`, async (t) => {
    const dir = tempDir(t);
    writeTree(dir, c.files ?? {});
    const err = await t.throwsAsync(
      createPluginHost({
        builtinDir: null,
        config: parseConfig(`plugins: {paths: [${JSON.stringify(c.entry)}]}`, { baseDir: dir }),
      }),
      { instanceOf: PluginLoadError },
    );
    t.regex(err.message, c.message);
    t.is(err.entry, c.entry);
  });
}

test('path entries start with . or /; everything else is a package name', (t) => {
  t.deepEqual(['./a', '../b', '/c', 'd', '@e/f', '.hidden'].map(isPathEntry), [true, true, true, false, false, true]);
});

test('no configuration and no built-ins is an empty host', async (t) => {
  const host = await createPluginHost({ builtinDir: null, config: emptyConfig() });
  t.deepEqual(host.list(), []);
  await host.start();
  await host.stop();
});
