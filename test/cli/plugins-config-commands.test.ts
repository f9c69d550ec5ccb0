import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { capstan } from './cli-run.js';
import { repoRoot } from '../helpers/capstan-process.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/plugins');

function dataDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-plugin-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readConfig = (dir: string) => parse(readFileSync(join(dir, 'config.yaml'), 'utf8'));
const env = { CAPSTAN_CONFIG: '', CAPSTAN_DATA_DIR: '' };

test('disable then enable a built-in edits <data-dir>/config.yaml, and plugins list reads it', async (t) => {
  const dir = dataDir(t);
  const off = await capstan(['plugins', 'disable', 'simulated-nodes', '--data-dir', dir], { env });
  t.is(off.code, 0, off.stderr);
  t.deepEqual(readConfig(dir).plugins.disable, ['simulated-nodes']);
  const listed = await capstan(['plugins', 'list', '--config', join(dir, 'config.yaml'), '--json'], { env });
  const row = JSON.parse(listed.stdout).plugins.find((p: { name: string }) => p.name === 'simulated-nodes');
  t.is(row.state, 'disabled');

  const again = await capstan(['plugins', 'disable', 'simulated-nodes', '--data-dir', dir, '--json'], { env });
  t.false(JSON.parse(again.stdout).changed, 'disabling twice changes nothing');

  const on = await capstan(['plugins', 'enable', 'simulated-nodes', '--data-dir', dir], { env });
  t.is(on.code, 0, on.stderr);
  t.deepEqual(readConfig(dir).plugins.disable, []);
  t.is(readConfig(dir).plugins.enable, undefined, 'a plugin on by default is not listed under enable');
});

test('edits keep the comments and other settings of an existing file', async (t) => {
  const dir = dataDir(t);
  writeFileSync(
    join(dir, 'config.yaml'),
    '# my cluster\nplugins:\n  config:\n    workload-controllers: { defaultTimeZone: Europe/Paris }  # keep me\nsimulatedNodes: 2\n',
  );
  const r = await capstan(['plugins', 'disable', 'workload-controllers', '--data-dir', dir], { env });
  t.is(r.code, 0, r.stderr);
  const text = readFileSync(join(dir, 'config.yaml'), 'utf8');
  t.regex(text, /# my cluster/);
  t.regex(text, /# keep me/);
  const cfg = parse(text);
  t.is(cfg.simulatedNodes, 2);
  t.deepEqual(cfg.plugins.disable, ['workload-controllers']);
});

test('install adds a plugin folder by absolute path; the plugin then shows in plugins list', async (t) => {
  const dir = dataDir(t);
  const folder = join(fixtures, 'prefer-label-scheduler-plugin');
  const r = await capstan(['plugins', 'install', folder, '--data-dir', dir, '--json'], { env });
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.is(out.entry, folder);
  t.true(out.changed);
  t.deepEqual(readConfig(dir).plugins.paths, [folder]);
  const listed = await capstan(['plugins', 'list', '--config', join(dir, 'config.yaml'), '--json'], { env });
  const row = JSON.parse(listed.stdout).plugins.find((p: { name: string }) => p.name === out.plugin);
  t.truthy(row, listed.stdout);
  t.is(row.source, 'path');
  const twice = await capstan(['plugins', 'install', folder, '--data-dir', dir, '--json'], { env });
  t.false(JSON.parse(twice.stdout).changed, 'installing twice changes nothing');
});

test('unknown plugins and folders without a plugin are one-line errors with exit code 1, and nothing is written', async (t) => {
  const dir = dataDir(t);
  const unknown = await capstan(['plugins', 'enable', 'no-such-plugin', '--data-dir', dir], { env });
  t.is(unknown.code, 1);
  t.is(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);
  t.regex(unknown.stderr, /no plugin named "no-such-plugin"/);
  const empty = mkdtempSync(join(tmpdir(), 'capstan-not-a-plugin-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const bad = await capstan(['plugins', 'install', empty, '--data-dir', dir], { env });
  t.is(bad.code, 1);
  t.regex(bad.stderr, /no entry module/);
  t.throws(() => readFileSync(join(dir, 'config.yaml')), { code: 'ENOENT' });
});

test('a plugin package that is also an oclif plugin adds its commands to capstan', async (t) => {
  const dir = dataDir(t);
  const pkg = mkdtempSync(join(tmpdir(), 'capstan-hello-plugin-'));
  t.teardown(() => rmSync(pkg, { recursive: true, force: true }));
  symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
  mkdirSync(join(pkg, 'commands'));
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'capstan-plugin-hello',
      version: '1.0.0',
      type: 'module',
      capstan: { plugin: './plugin.js' },
      oclif: { commands: './commands' },
    }),
  );
  writeFileSync(join(pkg, 'plugin.js'), "export default { name: 'hello', version: '1.0.0', register() {} };\n");
  writeFileSync(
    join(pkg, 'commands', 'hello.js'),
    [
      "import { Command, Flags } from '@oclif/core';",
      'export default class Hello extends Command {',
      "  static summary = 'Say hello from a plugin.';",
      "  static flags = { name: Flags.string({ default: 'world' }) };",
      '  async run() {',
      '    const { flags } = await this.parse(Hello);',
      '    this.log(`hello ${flags.name} from a plugin`);',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const env2 = { ...env, CAPSTAN_DATA_DIR: dir };
  const before = await capstan(['hello'], { env: env2 });
  t.not(before.code, 0, 'no such command before the install');
  const r = await capstan(['plugins', 'install', pkg, '--data-dir', dir, '--json'], { env: env2 });
  t.is(r.code, 0, r.stderr);
  t.true(JSON.parse(r.stdout).commands);
  const hello = await capstan(['hello', '--name', 'capstan'], { env: env2 });
  t.is(hello.code, 0, hello.stderr);
  t.is(hello.stdout, 'hello capstan from a plugin\n');
  const help = await capstan(['--help'], { env: env2 });
  t.regex(help.stdout, /hello\s+Say hello from a plugin\./);
});

test('a plugin file inside capstan itself is installed by path without touching the oclif plugins', async (t) => {
  const dir = dataDir(t);
  const file = join(repoRoot, 'dist/examples/webapp-operator/src/plugin.js');
  const r = await capstan(['plugins', 'install', file, '--data-dir', dir, '--json'], { env });
  t.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  t.is(out.plugin, 'webapp-operator');
  t.false(out.commands);
  t.deepEqual(readConfig(dir).plugins.paths, [file]);
  t.throws(() => readFileSync(join(dir, 'package.json')), { code: 'ENOENT' });
});
