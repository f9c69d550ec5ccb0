import test from 'ava';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniRunner } from '../../../plugins/cni-runner/index.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { cniAvailable, cniBinDir, randomSubnet, run, suffix } from '../docker-runtime/host-parts.js';

const ready = await cniAvailable();
const e2e = whenAvailable(test, ready, 'needs root, iproute2, iptables and the CNI plugins in /usr/lib/cni');

async function linkExists(name: string, netns?: string): Promise<boolean> {
  try {
    await run('ip', [...(netns ? ['-n', netns] : []), 'link', 'show', name]);
    return true;
  } catch {
    return false;
  }
}

e2e.serial(
  'the reference bridge + host-local plugins: ADD, CHECK, DEL and a repeated DEL against a netns',
  async (t) => {
    const id = suffix();
    const bridge = `cbr${id}`;
    const netns = `capstan-t-${id}`;
    const { subnet, prefix } = randomSubnet();
    const dir = await mkdtemp(join(tmpdir(), 'capstan-cni-bridge-'));
    t.teardown(async () => {
      await run('ip', ['netns', 'delete', netns]).catch(() => undefined);
      await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
    const confDir = join(dir, 'net.d');
    await run('mkdir', ['-p', confDir]);
    await writeFile(
      join(confDir, '10-test.conflist'),
      JSON.stringify({
        cniVersion: '1.0.0',
        name: `t${id}`,
        plugins: [
          {
            type: 'bridge',
            bridge,
            isGateway: true,
            ipMasq: false,
            hairpinMode: true,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet }]],
              routes: [{ dst: '0.0.0.0/0' }],
              dataDir: join(dir, 'ipam'),
            },
          },
        ],
      }),
    );
    await run('ip', ['netns', 'add', netns]);
    const runner = new CniRunner({ confDir, binDirs: [cniBinDir], cacheDir: join(dir, 'cache') });
    const attachment = {
      containerId: `ctr-${id}`,
      netnsPath: `/run/netns/${netns}`,
      podName: 'p',
      podNamespace: 'default',
    };

    const status = await runner.setUp(attachment);
    // host-local starts at network+2 when the gateway is network+1.
    t.deepEqual(status.ips, [`${prefix}2`]);
    const ifaces = status.result.interfaces ?? [];
    t.is(ifaces.length, 3);
    t.is(ifaces[0]!.name, bridge);
    t.is(ifaces[2]!.name, 'eth0');
    t.is(ifaces[2]!.sandbox, `/run/netns/${netns}`);
    t.deepEqual(status.result.ips, [{ address: `${prefix}2/24`, gateway: `${prefix}1`, interface: 2 }]);
    const hostVeth = ifaces[1]!.name;
    t.true(await linkExists(hostVeth));
    const { stdout } = await run('ip', ['-n', netns, '-4', '-o', 'addr', 'show', 'eth0']);
    t.regex(stdout, new RegExp(`inet ${prefix.replace(/\./g, '\\.')}2/24`));
    const reservation = await readFile(join(dir, 'ipam', `t${id}`, `${prefix}2`), 'utf8');
    t.is(reservation, `ctr-${id}\r\neth0`);

    await runner.check(attachment);

    await runner.tearDown(attachment);
    t.false(await linkExists(hostVeth));
    t.false(await linkExists('eth0', netns));
    t.false((await readdir(join(dir, 'ipam', `t${id}`))).includes(`${prefix}2`));
    t.is(await runner.status(`ctr-${id}`), undefined);
    await runner.tearDown(attachment);
    // DEL leaves the bridge, as the reference plugin documents.
    t.true(await linkExists(bridge));
  },
);

e2e.serial('DEL after the netns is gone still releases the IPAM reservation', async (t) => {
  const id = suffix();
  const bridge = `cbr${id}`;
  const netns = `capstan-t-${id}`;
  const { subnet, prefix } = randomSubnet();
  const dir = await mkdtemp(join(tmpdir(), 'capstan-cni-bridge-'));
  t.teardown(async () => {
    await run('ip', ['netns', 'delete', netns]).catch(() => undefined);
    await run('ip', ['link', 'delete', bridge]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const runner = new CniRunner({
    network: {
      cniVersion: '1.0.0',
      name: `t${id}`,
      plugins: [
        { type: 'bridge', bridge, isGateway: true, ipam: { type: 'host-local', subnet, dataDir: join(dir, 'ipam') } },
      ],
    },
    binDirs: [cniBinDir],
    cacheDir: join(dir, 'cache'),
  });
  await run('ip', ['netns', 'add', netns]);
  const attachment = { containerId: `ctr-${id}`, netnsPath: `/run/netns/${netns}` };
  const status = await runner.setUp(attachment);
  t.deepEqual(status.ips, [`${prefix}2`]);
  await run('ip', ['netns', 'delete', netns]);
  await runner.tearDown(attachment);
  t.deepEqual(
    (await readdir(join(dir, 'ipam', `t${id}`))).filter((f) => f.startsWith(prefix)),
    [],
  );
});
