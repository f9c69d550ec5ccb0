import test from 'ava';
import { get } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CniRunner } from '../../../plugins/cni-runner/index.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { cniAvailable, cniBinDir, dockerAvailable, randomSubnet, run, suffix } from './host-parts.js';
import { containerConfig, runPod, testRuntime, waitForOutput } from './runtime-fixture.js';

const ready = (await dockerAvailable()) && (await cniAvailable());
const e2e = whenAvailable(test, ready, 'needs Docker, root, iproute2, iptables and the CNI plugins in /usr/lib/cni');

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error(`timeout fetching ${url}`)));
    req.on('error', reject);
  });
}

async function retry<T>(fn: () => Promise<T>, ok: (v: T) => boolean, attempts = 30): Promise<T> {
  let last: T | undefined;
  let error: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      last = await fn();
      if (ok(last)) return last;
    } catch (err) {
      error = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (last !== undefined) return last;
  throw error;
}

e2e.serial(
  'two pods on a bridge through the reference CNI plugins reach each other and the host reaches them',
  async (t) => {
    const id = suffix();
    const bridge = `cbr${id}`;
    const network = `capstan-t${id}`;
    const { subnet, prefix } = randomSubnet();
    const dir = await mkdtemp(join(tmpdir(), 'capstan-podnet-'));
    const forward = ['FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'];
    const cleanups: (() => Promise<unknown>)[] = [];
    t.teardown(async () => {
      for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const confDir = join(dir, 'net.d');
    const ipamDir = join(dir, 'ipam');
    await mkdir(confDir);
    await writeFile(
      join(confDir, '10-capstan.conflist'),
      JSON.stringify({
        cniVersion: '1.0.0',
        name: network,
        plugins: [
          {
            type: 'bridge',
            bridge,
            isGateway: true,
            ipMasq: false,
            hairpinMode: true,
            ipam: { type: 'host-local', ranges: [[{ subnet }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: ipamDir },
          },
        ],
      }),
    );
    cleanups.push(() => run('ip', ['link', 'delete', bridge]));
    // Docker's FORWARD policy drops bridged traffic (br_netfilter); allow exactly this bridge.
    await run('iptables', ['-I', ...forward]);
    cleanups.push(() => run('iptables', ['-D', ...forward]));

    const cni = new CniRunner({ confDir, binDirs: [cniBinDir], cacheDir: join(dir, 'cache') });
    const rt = await testRuntime((fn) => cleanups.push(fn), { network: cni });

    const web = await runPod(
      rt,
      'web',
      containerConfig('httpd', ['sh', '-c', 'echo ready; exec httpd -f -p 8080 -h /www']),
    );
    const client = await runPod(rt, 'client', containerConfig('sh', ['sleep', '3600']));
    await waitForOutput(rt, web.containerId, 'ready');

    const webStatus = await rt.podSandboxStatus(web.sandboxId);
    const clientStatus = await rt.podSandboxStatus(client.sandboxId);
    const webIp = webStatus!.network.ip!;
    const clientIp = clientStatus!.network.ip!;
    t.true(webIp.startsWith(prefix), webIp);
    t.true(clientIp.startsWith(prefix), clientIp);
    t.not(webIp, clientIp);
    t.is(webStatus!.state, 'SANDBOX_READY');

    // Each pod sees its own address on eth0.
    const addr = await rt.execSync(client.containerId, ['ip', '-4', '-o', 'addr', 'show', 'eth0']);
    t.regex(addr.stdout.toString(), new RegExp(`inet ${clientIp.replace(/\./g, '\\.')}/24`));

    // Pod to pod.
    const fromPod = await retry(
      () => rt.execSync(client.containerId, ['wget', '-q', '-O', '-', `http://${webIp}:8080/`], { timeoutSeconds: 5 }),
      (r) => r.exitCode === 0,
    );
    t.is(fromPod.exitCode, 0);
    t.is(fromPod.stdout.toString(), '<h1>capstan busybox</h1>\n');

    // Host to pod.
    const fromHost = await retry(
      () => httpGet(`http://${webIp}:8080/`),
      (r) => r.status === 200,
    );
    t.deepEqual(fromHost, { status: 200, body: '<h1>capstan busybox</h1>\n' });

    // The pod network passes CHECK while the pods run.
    await cni.check({ containerId: web.sandboxId, netnsPath: `/proc/${webStatus!.pid}/ns/net` });

    // Removing the pods releases their addresses and host-side veths.
    const reserved = async () => (await readdir(join(ipamDir, network))).filter((f) => f.startsWith(prefix)).sort();
    t.deepEqual(await reserved(), [webIp, clientIp].sort());
    await rt.removePodSandbox(web.sandboxId);
    await rt.removePodSandbox(client.sandboxId);
    t.deepEqual(await reserved(), []);
    t.is(await cni.status(web.sandboxId), undefined);
    t.deepEqual(await rt.listPodSandbox(), []);
    const ports = await retry(
      async () => (await run('ip', ['-o', 'link', 'show', 'master', bridge])).stdout.trim(),
      (s) => s === '',
    );
    t.is(ports, '');
  },
);

e2e.serial('a sandbox whose network setup fails is removed and the error is reported', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-podnet-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  t.teardown(async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  });
  const cni = new CniRunner({
    // host-local refuses a /31: "Network ... too small to allocate from"
    network: {
      cniVersion: '1.0.0',
      name: `capstan-bad${suffix()}`,
      plugins: [
        {
          type: 'bridge',
          bridge: `cbr${suffix()}`,
          ipam: { type: 'host-local', subnet: '10.199.0.0/31', dataDir: join(dir, 'ipam') },
        },
      ],
    },
    binDirs: [cniBinDir],
    cacheDir: join(dir, 'cache'),
  });
  const bridgeName = (cni as unknown as { options: { network: { plugins: { bridge: string }[] } } }).options.network
    .plugins[0]!.bridge;
  cleanups.push(() => run('ip', ['link', 'delete', bridgeName]));
  const rt = await testRuntime((fn) => cleanups.push(fn), { network: cni });
  await t.throwsAsync(
    rt.runPodSandbox({ metadata: { name: 'bad', namespace: 'capstan-test', uid: `uid-${suffix()}`, attempt: 0 } }),
    {
      message: /plugin type="bridge" failed \(add\): .*too small/,
    },
  );
  t.deepEqual(await rt.listPodSandbox(), []);
});
