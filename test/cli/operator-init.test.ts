import anyTest, { type TestFn } from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { builtin } from '../../sdk/builtin-resources.js';
import { defineResource } from '../../sdk/client/resource-descriptor.js';
import { eventually, startTestCluster } from '../../sdk/testing/index.js';
import { repoRoot } from '../helpers/capstan-process.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';

// The journey of docs/operators.md: operator init, npm install, npm test, operator run against a
// cluster, and the project loaded into a control plane as a plugin.
const test = anyTest as TestFn<{ dir: string; root: string }>;
const npmAvailable = spawnSync('npm', ['--version']).status === 0;
const e2e = whenAvailable(test, npmAvailable, 'npm is not installed');

const memcacheds = defineResource({
  group: 'cache.example.com',
  version: 'v1alpha1',
  plural: 'memcacheds',
  kind: 'Memcached',
  namespaced: true,
});
const sample = (name: string): KubeObject => ({
  apiVersion: 'cache.example.com/v1alpha1',
  kind: 'Memcached',
  metadata: { name, namespace: 'default' },
  spec: { image: 'memcached:1.6', replicas: 2 },
});

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, CAPSTAN_TEST_LOG: 'silent' },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test.before((t) => {
  const root = mkdtempSync(join(tmpdir(), 'capstan-operator-init-'));
  t.context = { root, dir: join(root, 'memcached-operator') };
});
test.after.always((t) => rmSync(t.context.root, { recursive: true, force: true }));

test.serial('operator init writes the project with its generated types', (t) => {
  const { dir } = t.context;
  const r = run(
    process.execPath,
    [
      join(repoRoot, 'bin/run.js'),
      'operator',
      'init',
      'memcached-operator',
      '--group',
      'cache.example.com',
      '--kind',
      'Memcached',
      '--dir',
      dir,
      '--json',
    ],
    t.context.root,
  );
  t.is(r.code, 0, r.out);
  const out = JSON.parse(r.out) as { kind: string; plural: string; files: string[] };
  t.is(out.plural, 'memcacheds');
  for (const f of [
    'package.json',
    'config/crd/memcacheds.cache.example.com.yaml',
    'src/generated/cache.example.com/v1alpha1/memcached.ts',
    'src/memcached-reconciler.ts',
    'src/plugin.ts',
    'test/memcached.test.ts',
    'README.md',
  ]) {
    t.true(out.files.includes(f), f);
    t.true(existsSync(join(dir, f)), f);
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  t.is(pkg.dependencies.capstan, `file:${repoRoot}`);
  t.regex(
    readFileSync(join(dir, 'src/generated/cache.example.com/v1alpha1/memcached.ts'), 'utf8'),
    /from 'capstan\/sdk'/,
  );
  // A second init into the same folder is refused.
  const again = run(
    process.execPath,
    [join(repoRoot, 'bin/run.js'), 'operator', 'init', 'memcached-operator', '--dir', dir],
    t.context.root,
  );
  t.is(again.code, 1);
  t.regex(again.out, /not empty/);
});

e2e.serial('npm install && npm test pass in the new project', (t) => {
  const { dir } = t.context;
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  t.is(install.code, 0, install.out);
  const tests = run('npm', ['test'], dir);
  t.is(tests.code, 0, tests.out);
  t.regex(tests.out, /2 tests passed/);
  t.log(tests.out.split('\n').find((l) => l.includes('test cluster started')) ?? '');
});

e2e.serial('operator run reconciles against a cluster and stops on SIGINT', async (t) => {
  const { dir } = t.context;
  const cluster = await startTestCluster();
  try {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin/run.js'), 'operator', 'run', '--kubeconfig', cluster.kubeconfig.path, '--log-level', 'warn'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await eventually(() => out.includes('running against'), { timeoutMs: 30_000, description: 'operator start' });
      t.regex(out, /CRDs ready: memcacheds.cache.example.com/);
      await cluster.client.create(memcacheds, sample('cache'));
      const deployment = await eventually(() => cluster.client.get(builtin.deployments, 'cache', 'default'));
      t.is(deployment.metadata.ownerReferences?.[0]?.kind, 'Memcached');
    } finally {
      child.kill('SIGINT');
    }
    t.is(await exited, 0, out);
    t.regex(out, /Stopped\./);
  } finally {
    await cluster.stop();
  }
});

e2e.serial('the project loads into a control plane as a plugin from plugins.paths', async (t) => {
  const { dir } = t.context;
  const cluster = await startTestCluster({ plugins: { paths: [dir] } });
  try {
    // The plugin installed its CRD when it started.
    await cluster.client.get(builtin.customResourceDefinitions, 'memcacheds.cache.example.com');
    await cluster.client.create(memcacheds, sample('in-plugin'));
    const deployment = await eventually(() => cluster.client.get(builtin.deployments, 'in-plugin', 'default'));
    t.is(deployment.metadata.ownerReferences?.[0]?.name, 'in-plugin');
  } finally {
    await cluster.stop();
  }
});
