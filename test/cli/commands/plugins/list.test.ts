import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../../helpers/capstan-process.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/plugins');

function capstan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin/run.js'), ...args],
      { cwd: repoRoot, env: { ...process.env, CAPSTAN_CONFIG: '' } },
      (err, stdout, stderr) => res({ code: err === null ? 0 : ((err as { code?: number }).code ?? 1), stdout, stderr }),
    );
  });
}

/** A built-in folder with one plain-JS plugin, and a config loading the example plugin by path. */
function setup(t: { teardown(fn: () => void): void }, configYaml: (greetingPath: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-plugins-list-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const builtin = join(dir, 'builtin');
  mkdirSync(join(builtin, 'clock-tower'), { recursive: true });
  writeFileSync(join(builtin, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(builtin, 'clock-tower', 'index.js'),
    `export default {
  name: 'clock-tower',
  version: '0.3.0',
  description: 'Rings the hours',
  register({ bind }) {
    bind(Symbol.for('capstan.dev/Lifecycle')).toConstantValue({});
    bind(Symbol.for('capstan.dev/Lifecycle')).toConstantValue({});
  },
};
`,
  );
  const config = join(dir, 'capstan.yaml');
  writeFileSync(config, configYaml(join(fixtures, 'greeting-plugin')));
  return { builtin, config };
}

test('plugins list --json shows each plugin with its source, state and contributions', async (t) => {
  const { builtin, config } = setup(t, (p) => `plugins:\n  paths: [${JSON.stringify(p)}]\n  required: [greeting]\n`);
  const r = await capstan(['plugins', 'list', '--json', '--config', config, '--builtin-dir', builtin]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(JSON.parse(r.stdout), {
    plugins: [
      {
        name: 'clock-tower',
        version: '0.3.0',
        description: 'Rings the hours',
        source: 'builtin',
        location: join(builtin, 'clock-tower', 'index.js'),
        state: 'loaded',
        required: false,
        requires: [],
        optional: [],
        contributions: [{ token: 'Lifecycle', count: 2 }],
      },
      {
        name: 'greeting',
        version: '1.0.0',
        description: 'Says hello; serves example.com/v1 greetings',
        source: 'path',
        location: join(fixtures, 'greeting-plugin', 'index.js'),
        entry: join(fixtures, 'greeting-plugin'),
        state: 'loaded',
        required: true,
        requires: [],
        optional: [],
        contributions: [
          { token: 'ApiGroup', count: 1, resources: ['example.com/v1/greetings'] },
          { token: 'example.com/Greeter', count: 1 },
          { token: 'Lifecycle', count: 1 },
        ],
      },
    ],
  });
});

test('plugins list prints a table; a disabled plugin shows as disabled', async (t) => {
  const { builtin, config } = setup(t, (p) => `plugins:\n  paths: [${JSON.stringify(p)}]\n  disable: [clock-tower]\n`);
  const r = await capstan(['plugins', 'list', '--config', config, '--builtin-dir', builtin]);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  t.is(lines.length, 3);
  t.regex(lines[0]!, /^NAME +VERSION +SOURCE +STATE +CONTRIBUTIONS$/);
  t.deepEqual(lines[1]!.split(/ {3,}/), [
    'greeting',
    '1.0.0',
    `path:${join(fixtures, 'greeting-plugin')}`,
    'loaded',
    'ApiGroup(example.com/v1/greetings), example.com/Greeter, Lifecycle',
  ]);
  t.deepEqual(lines[2]!.split(/ {3,}/), ['clock-tower', '0.3.0', 'builtin', 'disabled', '-']);
});

test('plugins list fails with the configuration problem', async (t) => {
  const { builtin, config } = setup(t, () => 'plugins:\n  enable: [nope]\n');
  const r = await capstan(['plugins', 'list', '--config', config, '--builtin-dir', builtin]);
  t.is(r.code, 1);
  t.regex(
    r.stderr,
    /^Error: invalid plugin set: plugins\.enable\[0\]: no plugin named "nope" \(loaded: clock-tower\)$/m,
  );
});
