import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerRuntime, ensureBusyboxImage } from '../../plugins/docker-runtime/index.js';
import { capstan } from '../cli/cli-run.js';
import { repoRoot, startCapstan } from '../helpers/capstan-process.js';
import { whenAvailable } from '../helpers/e2e-requirement.js';
import { eventually, kubectl, kubectlAvailable } from '../helpers/kubectl.js';
import { cniAvailable, dockerAvailable, run, suffix } from '../plugins/docker-runtime/host-parts.js';

const ready = kubectlAvailable() && (await dockerAvailable()) && (await cniAvailable());
const e2e = whenAvailable(test, ready, 'needs kubectl, a Docker engine, root and the CNI plugins');

e2e.serial(
  'capstan agent joins a server with the printed join command; the scheduler places a pod on it; a wrong CA pin is refused',
  async (t) => {
    const id = suffix();
    const serverDir = mkdtempSync(join(tmpdir(), 'capstan-join-server-'));
    const agentDir = mkdtempSync(join(tmpdir(), 'capstan-join-agent-'));
    const bridge = `cj${id}`;
    const nodeName = `joined-${id}`;
    const kubeconfig = join(serverDir, 'kubeconfig.yaml');
    await ensureBusyboxImage(new DockerRuntime({ owner: `capstan-test-${id}` }));
    const server = await startCapstan('server', serverDir, ['--store', 'memory://']);
    let agent: ReturnType<typeof spawn> | undefined;
    try {
      const join_ = await capstan(['token', 'create', '--print-join-command', '--kubeconfig', kubeconfig]);
      t.is(join_.code, 0, join_.stderr);
      const printed = join_.stdout.trim().split(' ');
      t.deepEqual(printed.slice(0, 2), ['capstan', 'agent']);
      const flag = (name: string) => printed[printed.indexOf(name) + 1]!;
      t.regex(flag('--ca-cert-hash'), /^sha256:[0-9a-f]{64}$/);

      const wrongPin = await capstan([
        'agent',
        '--server',
        flag('--server'),
        '--token',
        flag('--token'),
        '--ca-cert-hash',
        `sha256:${'0'.repeat(64)}`,
        '--data-dir',
        agentDir,
      ]);
      t.is(wrongPin.code, 1);
      t.regex(wrongPin.stderr, /does not match sha256:0{64}/);

      writeFileSync(
        join(agentDir, 'config.yaml'),
        [
          'plugins:',
          '  config:',
          `    node-agent: {bridge: ${bridge}, podCIDR: 10.97.0.0/16, manageForwardRule: false}`,
          `    cni-runner: {confDir: ${join(agentDir, 'cni')}}`,
          '',
        ].join('\n'),
      );
      agent = spawn(
        process.execPath,
        [join(repoRoot, 'bin/run.js'), ...printed.slice(1), '--node-name', nodeName, '--data-dir', agentDir],
        { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CAPSTAN_LOG_LEVEL: 'warn' } },
      );
      let out = '';
      agent.stdout!.on('data', (d) => (out += d));
      agent.stderr!.on('data', (d) => (out += d));
      const agentExit = new Promise<number | null>((r) => agent!.once('exit', (code) => r(code)));

      const nodeReady = await eventually(async () => {
        const r = await kubectl(kubeconfig, [
          'get',
          'node',
          nodeName,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ]);
        return r.stdout === 'True' ? true : undefined;
      }, 150);
      t.true(nodeReady, `the joined node turns Ready:\n${out}`);

      const pod = await kubectl(kubeconfig, [
        'run',
        'joined-pod',
        '--image=capstan/busybox',
        '--image-pull-policy=Never',
        '--command',
        '--',
        'sleep',
        '3600',
      ]);
      t.is(pod.code, 0, pod.stderr);
      const running = await eventually(async () => {
        const r = await kubectl(kubeconfig, [
          'get',
          'pod',
          'joined-pod',
          '-o',
          'jsonpath={.status.phase} {.spec.nodeName} {.status.podIP}',
        ]);
        return r.stdout.startsWith('Running ') ? r.stdout.split(' ') : undefined;
      }, 150);
      t.truthy(running, `the pod runs on the joined node:\n${out}`);
      t.is(running?.[1], nodeName);
      t.regex(running?.[2] ?? '', /^10\.97\./, 'the pod has an address from the agent pod CIDR');

      const del = await kubectl(kubeconfig, [
        'delete',
        'pod',
        'joined-pod',
        '--grace-period=1',
        '--wait=true',
        '--timeout=60s',
      ]);
      t.is(del.code, 0, del.stderr);
      const leftovers = await run('docker', ['ps', '-aq', '--filter', 'name=joined-pod']);
      t.is(leftovers.stdout.trim(), '', 'the agent removed the pod containers');

      agent.kill('SIGTERM');
      t.is(await agentExit, 0, out);
      agent = undefined;
    } finally {
      agent?.kill('SIGKILL');
      server.child.kill('SIGTERM');
      await server.exited;
      await run('ip', ['link', 'del', bridge]).catch(() => undefined);
      rmSync(serverDir, { recursive: true, force: true });
      rmSync(agentDir, { recursive: true, force: true });
    }
  },
);
