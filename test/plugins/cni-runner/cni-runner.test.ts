import test from 'ava';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniPluginError, type CniNetworkConfigList } from '../../../sdk/cni/index.js';
import { CniRunner, loadNetworkFromDir, negotiateVersion } from '../../../plugins/cni-runner/index.js';

/**
 * A fake CNI plugin (a Node script): it appends what it was given to the log file named in its
 * config, then behaves as the config says: `fail` (error JSON on stdout), `stderr` (plain text on
 * stderr), `addIp` (a result with that IP) or pass-through of prevResult with `mark` added.
 */
const fakePlugin = `#!${process.execPath}
const fs = require('node:fs');
const input = fs.readFileSync(0, 'utf8');
const conf = JSON.parse(input);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CNI_')));
fs.appendFileSync(conf.log, JSON.stringify({ plugin: conf.type, env, conf }) + '\\n');
const cmd = process.env.CNI_COMMAND;
if (conf.fail && conf.fail.on === cmd) {
  process.stdout.write(JSON.stringify({ cniVersion: conf.cniVersion, code: conf.fail.code, msg: conf.fail.msg, details: conf.fail.details }));
  process.exit(1);
}
if (conf.stderr && conf.stderr.on === cmd) { process.stderr.write(conf.stderr.text); process.exit(2); }
if (cmd === 'ADD') {
  let result = conf.prevResult ? { ...conf.prevResult } : { cniVersion: conf.cniVersion };
  if (conf.addIp) result = { ...result, interfaces: [{ name: process.env.CNI_IFNAME, sandbox: process.env.CNI_NETNS }], ips: [{ address: conf.addIp, interface: 0 }] };
  if (conf.mark) result = { ...result, marks: [...(result.marks || []), conf.mark] };
  process.stdout.write(JSON.stringify(result));
}
`;

interface Fixture {
  dir: string;
  bin: string;
  log: string;
  cache: string;
  calls(): Promise<{ plugin: string; env: Record<string, string>; conf: Record<string, unknown> }[]>;
}

async function fixture(t: { teardown(fn: () => Promise<void>): void }): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-cni-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  await mkdir(bin);
  for (const name of ['fake-a', 'fake-b', 'fake-c']) {
    await writeFile(join(bin, name), fakePlugin);
    await chmod(join(bin, name), 0o755);
  }
  const log = join(dir, 'calls.log');
  await writeFile(log, '');
  return {
    dir,
    bin,
    log,
    cache: join(dir, 'cache'),
    calls: async () =>
      (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

function list(
  f: Fixture,
  plugins: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): CniNetworkConfigList {
  return {
    cniVersion: '1.0.0',
    name: 'testnet',
    ...extra,
    plugins: plugins.map((p) => ({ log: f.log, ...p })) as unknown as CniNetworkConfigList['plugins'],
  };
}

const pod = {
  containerId: 'sandbox-1',
  netnsPath: '/proc/self/ns/net',
  podName: 'web-0',
  podNamespace: 'shop',
  podUid: 'uid-1',
};

test('ADD runs the plugins in order, chaining prevResult, with the CNI_* environment', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({
    network: list(f, [
      { type: 'fake-a', addIp: '10.9.0.5/24', capabilities: { portMappings: true } },
      { type: 'fake-b', mark: 'b' },
    ]),
    binDirs: ['/nonexistent', f.bin],
    cacheDir: f.cache,
  });
  const status = await runner.setUp({ ...pod, capabilityArgs: { portMappings: [{ hostPort: 8080 }], bandwidth: {} } });
  t.deepEqual(status.ips, ['10.9.0.5']);
  t.deepEqual(status.result['marks'], ['b']);

  const calls = await f.calls();
  t.deepEqual(
    calls.map((c) => `${c.env['CNI_COMMAND']} ${c.plugin}`),
    ['ADD fake-a', 'ADD fake-b'],
  );
  const [a, b] = calls;
  t.deepEqual(a!.env, {
    CNI_COMMAND: 'ADD',
    CNI_CONTAINERID: 'sandbox-1',
    CNI_NETNS: '/proc/self/ns/net',
    CNI_IFNAME: 'eth0',
    CNI_ARGS:
      'IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=sandbox-1;K8S_POD_UID=uid-1',
    CNI_PATH: `/nonexistent:${f.bin}`,
  });
  // The request config: name and cniVersion inserted, capabilities replaced by runtimeConfig, no prevResult first.
  t.is(a!.conf['name'], 'testnet');
  t.is(a!.conf['cniVersion'], '1.0.0');
  t.false('capabilities' in a!.conf);
  t.deepEqual(a!.conf['runtimeConfig'], { portMappings: [{ hostPort: 8080 }] });
  t.false('prevResult' in a!.conf);
  t.false('runtimeConfig' in b!.conf);
  t.deepEqual(b!.conf['prevResult'], {
    cniVersion: '1.0.0',
    interfaces: [{ name: 'eth0', sandbox: '/proc/self/ns/net' }],
    ips: [{ address: '10.9.0.5/24', interface: 0 }],
  });
});

test('the final result is cached on disk, read back by a new runner instance, and removed by DEL', async (t) => {
  const f = await fixture(t);
  const network = list(f, [{ type: 'fake-a', addIp: '10.9.0.7/24' }]);
  await new CniRunner({ network, binDirs: [f.bin], cacheDir: f.cache }).setUp(pod);
  const file = join(f.cache, 'results', 'testnet-sandbox-1-eth0');
  const cached = JSON.parse(await readFile(file, 'utf8'));
  t.is(cached.kind, 'cniCacheV1');
  t.is(cached.containerId, 'sandbox-1');
  t.is(cached.ifName, 'eth0');
  t.is(cached.networkName, 'testnet');
  t.deepEqual(cached.result.ips, [{ address: '10.9.0.7/24', interface: 0 }]);

  const restarted = new CniRunner({ network, binDirs: [f.bin], cacheDir: f.cache });
  t.deepEqual((await restarted.status('sandbox-1'))?.ips, ['10.9.0.7']);
  t.is(await restarted.status('sandbox-2'), undefined);
  await restarted.tearDown(pod);
  t.is(await restarted.status('sandbox-1'), undefined);
  await t.throwsAsync(readFile(file), { code: 'ENOENT' });
});

test('DEL runs the plugins in reverse order with the cached result, and a repeated DEL succeeds without it', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({
    network: list(f, [
      { type: 'fake-a', addIp: '10.9.0.8/24' },
      { type: 'fake-b', mark: 'b' },
      { type: 'fake-c', mark: 'c' },
    ]),
    binDirs: [f.bin],
    cacheDir: f.cache,
  });
  const added = await runner.setUp(pod);
  await runner.tearDown(pod);
  await runner.tearDown(pod);
  const dels = (await f.calls()).filter((c) => c.env['CNI_COMMAND'] === 'DEL');
  t.deepEqual(
    dels.map((c) => c.plugin),
    ['fake-c', 'fake-b', 'fake-a', 'fake-c', 'fake-b', 'fake-a'],
  );
  for (const d of dels.slice(0, 3)) t.deepEqual(d.conf['prevResult'], added.result);
  for (const d of dels.slice(3)) t.false('prevResult' in d.conf);
});

test('DEL leaves CNI_NETNS out when the namespace no longer exists', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({ network: list(f, [{ type: 'fake-a' }]), binDirs: [f.bin], cacheDir: f.cache });
  await runner.tearDown({ ...pod, netnsPath: join(f.dir, 'gone-netns') });
  const [del] = await f.calls();
  t.is(del!.env['CNI_COMMAND'], 'DEL');
  t.false('CNI_NETNS' in del!.env);
  t.is(del!.env['CNI_CONTAINERID'], 'sandbox-1');
});

test('CHECK runs the plugins in order with the cached result; disableCheck skips it; no result is an error', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({
    network: list(f, [{ type: 'fake-a', addIp: '10.9.0.9/24' }, { type: 'fake-b' }]),
    binDirs: [f.bin],
    cacheDir: f.cache,
  });
  const added = await runner.setUp(pod);
  await runner.check(pod);
  const checks = (await f.calls()).filter((c) => c.env['CNI_COMMAND'] === 'CHECK');
  t.deepEqual(
    checks.map((c) => c.plugin),
    ['fake-a', 'fake-b'],
  );
  for (const c of checks) t.deepEqual(c.conf['prevResult'], added.result);
  await t.throwsAsync(runner.check({ ...pod, containerId: 'never-added' }), { message: /no cached result/ });

  const f2 = await fixture(t);
  const skipping = new CniRunner({
    network: list(f2, [{ type: 'fake-a', addIp: '10.9.0.9/24' }], { disableCheck: true }),
    binDirs: [f2.bin],
    cacheDir: f2.cache,
  });
  await skipping.setUp(pod);
  await skipping.check(pod);
  t.deepEqual(
    (await f2.calls()).map((c) => c.env['CNI_COMMAND']),
    ['ADD'],
  );
});

const failures = [
  {
    title: 'a JSON error on stdout',
    plugin: { fail: { on: 'ADD', code: 7, msg: 'Invalid Configuration', details: 'bad bridge' } },
    code: 7,
    message: 'plugin type="fake-b" failed (add): Invalid Configuration: bad bridge',
  },
  {
    title: 'a try-again error without details',
    plugin: { fail: { on: 'ADD', code: 11, msg: 'busy' } },
    code: 11,
    message: 'plugin type="fake-b" failed (add): busy',
  },
  {
    title: 'plain text on stderr',
    plugin: { stderr: { on: 'ADD', text: 'boom' } },
    code: 0,
    message: 'plugin type="fake-b" failed (add): netplugin failed: "boom"',
  },
];

for (const c of failures) {
  test(`a failing ADD (${c.title}) throws CniPluginError, runs DEL to release, and caches nothing`, async (t) => {
    const f = await fixture(t);
    const runner = new CniRunner({
      network: list(f, [
        { type: 'fake-a', addIp: '10.9.0.10/24' },
        { type: 'fake-b', ...c.plugin },
      ]),
      binDirs: [f.bin],
      cacheDir: f.cache,
    });
    const err = await t.throwsAsync(runner.setUp(pod), { instanceOf: CniPluginError });
    t.is(err!.code, c.code);
    t.is(err!.message, c.message);
    t.is(err!.plugin, 'fake-b');
    t.deepEqual(
      (await f.calls()).map((x) => `${x.env['CNI_COMMAND']} ${x.plugin}`),
      ['ADD fake-a', 'ADD fake-b', 'DEL fake-b', 'DEL fake-a'],
    );
    t.is(await runner.status('sandbox-1'), undefined);
  });
}

test('a missing plugin binary is reported with the search path', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({ network: list(f, [{ type: 'nope' }]), binDirs: [f.bin], cacheDir: f.cache });
  await t.throwsAsync(runner.setUp(pod), { message: `failed to find plugin "nope" in path [${f.bin}]` });
});

test('operations on one container are serialised', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({
    network: list(f, [{ type: 'fake-a', addIp: '10.9.0.11/24' }, { type: 'fake-b' }]),
    binDirs: [f.bin],
    cacheDir: f.cache,
  });
  await Promise.all([runner.setUp(pod), runner.tearDown(pod)]);
  t.deepEqual(
    (await f.calls()).map((x) => `${x.env['CNI_COMMAND']} ${x.plugin}`),
    ['ADD fake-a', 'ADD fake-b', 'DEL fake-b', 'DEL fake-a'],
  );
});

test('invalid container IDs and interface names are refused before any plugin runs', async (t) => {
  const f = await fixture(t);
  const runner = new CniRunner({ network: list(f, [{ type: 'fake-a' }]), binDirs: [f.bin], cacheDir: f.cache });
  await t.throwsAsync(runner.setUp({ ...pod, containerId: '-bad' }), { message: 'invalid container ID "-bad"' });
  await t.throwsAsync(runner.setUp({ ...pod, ifName: 'an-interface-name-too-long' }), {
    message: 'invalid interface name "an-interface-name-too-long"',
  });
  t.deepEqual(await f.calls(), []);
});

test('the config dir: first valid file in lexical order; a single .conf becomes a list of one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-cniconf-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await t.throwsAsync(loadNetworkFromDir(dir), { message: new RegExp(`no valid network config found in ${dir}`) });
  await writeFile(join(dir, '10-broken.conflist'), '{not json');
  await writeFile(
    join(dir, '20-single.conf'),
    JSON.stringify({ cniVersion: '1.0.0', name: 'single', type: 'bridge', bridge: 'x' }),
  );
  await writeFile(
    join(dir, '30-list.conflist'),
    JSON.stringify({ cniVersion: '1.0.0', name: 'later', plugins: [{ type: 'bridge' }] }),
  );
  await writeFile(join(dir, '00-ignored.txt'), 'not a config');
  const loaded = await loadNetworkFromDir(dir);
  t.is(loaded.file, join(dir, '20-single.conf'));
  t.deepEqual(loaded.list, { cniVersion: '1.0.0', name: 'single', plugins: [{ type: 'bridge', bridge: 'x' }] });
});

const versions: [CniNetworkConfigList['cniVersion'], string[] | undefined, string][] = [
  ['1.0.0', undefined, '1.0.0'],
  ['0.4.0', undefined, '0.4.0'],
  ['1.0.0', ['1.0.0', '1.1.0'], '1.1.0'],
  ['1.0.0', ['0.4.0', '2.0.0'], '1.0.0'],
];
for (const [cniVersion, cniVersions, expected] of versions) {
  test(`version negotiation: cniVersion ${cniVersion} with cniVersions ${JSON.stringify(cniVersions)} runs ${expected}`, (t) => {
    t.is(negotiateVersion({ cniVersion, cniVersions, name: 'n', plugins: [{ type: 'x' }] }), expected);
  });
}

test('version negotiation refuses a list with no supported version', (t) => {
  t.throws(() => negotiateVersion({ cniVersion: '9.0.0', name: 'n', plugins: [{ type: 'x' }] }), {
    message: 'network n: no supported CNI version in [9.0.0]',
  });
});
