import test from 'ava';
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import {
  DockerRuntime,
  busyboxImageReference,
  detectArchiveFormat,
  ensureBusyboxImage,
  importImagePath,
  scanTarNames,
  writeTar,
} from '../../../plugins/docker-runtime/index.js';
import { whenAvailable } from '../../helpers/e2e-requirement.js';
import { dockerAvailable, suffix } from './host-parts.js';
import { removeOwned } from './runtime-fixture.js';

const ready = await dockerAvailable();
const e2e = whenAvailable(test, ready, 'needs a Docker engine on /var/run/docker.sock');

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'capstan-img-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const longPath = `${'deep/'.repeat(25)}file.txt`;
const archives: { title: string; bytes: () => Buffer; names: string[]; format: 'rootfs' | 'docker-archive' }[] = [
  {
    title: 'a rootfs',
    bytes: () =>
      writeTar([
        { type: 'dir', path: 'etc' },
        { type: 'file', path: 'etc/hostname', data: Buffer.from('x\n') },
        { type: 'symlink', path: 'etc/alias', target: 'hostname' },
      ]),
    names: ['etc/', 'etc/hostname', 'etc/alias'],
    format: 'rootfs',
  },
  {
    title: 'a gzipped rootfs with a path longer than 100 bytes',
    bytes: () => gzipSync(writeTar([{ type: 'file', path: longPath, data: Buffer.alloc(700, 1) }])),
    names: [longPath],
    format: 'rootfs',
  },
  {
    title: 'a docker save layout',
    bytes: () =>
      writeTar([
        { type: 'file', path: 'abc.json', data: Buffer.from('{}') },
        { type: 'file', path: 'manifest.json', data: Buffer.from('[]') },
      ]),
    names: ['abc.json', 'manifest.json'],
    format: 'docker-archive',
  },
];
for (const a of archives) {
  test(`tar reading and format detection: ${a.title}`, async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'a.tar');
    await writeFile(file, a.bytes());
    t.deepEqual(await scanTarNames(file), a.names);
    t.is(await detectArchiveFormat(file), a.format);
  });
}

test('written tarballs are read back by the system tar', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'a.tar');
  await writeFile(
    file,
    writeTar([
      { type: 'dir', path: 'd' },
      { type: 'file', path: 'd/f', data: Buffer.from('content') },
      { type: 'symlink', path: 'd/l', target: 'f' },
      { type: 'file', path: longPath, data: Buffer.from('long') },
    ]),
  );
  const out = join(dir, 'out');
  await mkdir(out);
  execFileSync('tar', ['-C', out, '-xf', file]);
  t.is(await readFile(join(out, 'd/l'), 'utf8'), 'content');
  t.is(await readFile(join(out, longPath), 'utf8'), 'long');
});

e2e('the busybox image is built from the host busybox once, runs sh by default, and is reused', async (t) => {
  const owner = `capstan-test-${suffix()}`;
  t.teardown(() => removeOwned(owner));
  const rt = new DockerRuntime({ owner });
  const first = await ensureBusyboxImage(rt);
  const second = await ensureBusyboxImage(rt);
  t.is(second.id, first.id);
  t.true(first.repoTags.includes(busyboxImageReference));
  const info = await rt.docker.getImage(busyboxImageReference).inspect();
  t.deepEqual(info.Config.Cmd, ['sh']);
  t.true((await rt.listImages()).some((i) => i.id === first.id));
});

e2e('import: a rootfs file, a directory and a docker save archive become local images', async (t) => {
  const rt = new DockerRuntime({ owner: `capstan-test-${suffix()}` });
  const dir = await tempDir(t);
  const tag = suffix();
  const refs = [`capstan-test/rootfs:${tag}`, `capstan-test/dir:${tag}`, `capstan-test/loaded:${tag}`];
  t.teardown(async () => {
    for (const r of refs) await rt.removeImage(r).catch(() => undefined);
  });

  const rootfsFile = join(dir, 'rootfs.tar');
  await writeFile(rootfsFile, writeTar([{ type: 'file', path: 'hello.txt', data: Buffer.from('hi') }]));
  const fromFile = await importImagePath(rt, rootfsFile, { reference: refs[0] });
  t.deepEqual(fromFile.repoTags, [refs[0]]);
  t.deepEqual(await rt.imageStatus(refs[0]!), fromFile);

  const root = join(dir, 'root');
  await mkdir(join(root, 'bin'), { recursive: true });
  await writeFile(join(root, 'bin', 'busybox'), await readFile('/bin/busybox'), { mode: 0o755 });
  await symlink('busybox', join(root, 'bin', 'cat'));
  await writeFile(join(root, 'greeting'), 'hello from a directory\n');
  const fromDir = await importImagePath(rt, root, { reference: refs[1], cmd: ['cat', '/greeting'] });
  t.deepEqual(fromDir.repoTags, [refs[1]]);
  // It runs with its default command.
  const owner = `capstan-test-${suffix()}`;
  t.teardown(() => removeOwned(owner));
  const c = await rt.docker.createContainer({ Image: refs[1], Labels: { 'io.capstan.owner': owner } });
  await c.start();
  await c.wait();
  const logs = (await c.logs({ stdout: true, follow: false })) as Buffer;
  t.is(logs.subarray(8).toString(), 'hello from a directory\n');

  const saved = join(dir, 'saved.tar');
  await pipeline((await rt.docker.getImage(refs[1]!).get()) as NodeJS.ReadableStream, createWriteStream(saved));
  t.is(await detectArchiveFormat(saved), 'docker-archive');
  const loaded = await importImagePath(rt, saved, { reference: refs[2] });
  t.is(loaded.id, fromDir.id);
  t.deepEqual([...loaded.repoTags].sort(), [refs[1], refs[2]].sort());
});

e2e('import refuses a rootfs without a reference and a malformed archive; removeImage is idempotent', async (t) => {
  const rt = new DockerRuntime({ owner: `capstan-test-${suffix()}` });
  const dir = await tempDir(t);
  const file = join(dir, 'rootfs.tar');
  await writeFile(file, writeTar([{ type: 'file', path: 'x', data: Buffer.from('x') }]));
  await t.throwsAsync(importImagePath(rt, file), { message: 'a rootfs import needs a reference (repo:tag)' });
  const broken = join(dir, 'broken.tar');
  await writeFile(broken, writeTar([{ type: 'file', path: 'manifest.json', data: Buffer.from('not json') }]));
  await t.throwsAsync(importImagePath(rt, broken));
  t.is(await rt.imageStatus(`capstan-test/never:${suffix()}`), undefined);
  await rt.removeImage(`capstan-test/never:${suffix()}`);
});
