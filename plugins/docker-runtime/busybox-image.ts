import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { ContainerRuntime, Image } from '../../sdk/cri/index.js';
import { writeTar, type TarEntry } from './tar-archive.js';

/** The image every built-in example and pod sandbox uses. */
export const busyboxImageReference = 'capstan/busybox:latest';

/** Where the host's static busybox is looked for (Debian's `busybox-static`). */
export const defaultBusyboxPaths = ['/bin/busybox', '/usr/bin/busybox'];

/**
 * Builds the rootfs tarball of a tiny busybox image: the static binary in `/bin` with a symlink
 * per applet, `/etc/passwd` and `/etc/group` (root and nobody), `/tmp`, and `/www/index.html`
 * so that `httpd -f -p 8080 -h /www` serves a page out of the box.
 */
export async function buildBusyboxRootfs(busyboxPath: string): Promise<Buffer> {
  const binary = await readFile(busyboxPath);
  const { stdout } = await promisify(execFile)(busyboxPath, ['--list']);
  const applets = stdout
    .split('\n')
    .map((s) => s.trim())
    .filter((a) => a && a !== 'busybox' && /^[a-zA-Z0-9_.[-]+$/.test(a));
  const entries: TarEntry[] = [
    ...['bin', 'etc', 'www', 'proc', 'sys', 'dev', 'root', 'var'].map((d) => ({ type: 'dir' as const, path: d })),
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'bin/busybox', data: binary, mode: 0o755 },
    ...applets.map((a) => ({ type: 'symlink' as const, path: `bin/${a}`, target: 'busybox' })),
    {
      type: 'file',
      path: 'etc/passwd',
      data: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n'),
    },
    { type: 'file', path: 'etc/group', data: Buffer.from('root:x:0:\nnogroup:x:65534:\n') },
    { type: 'file', path: 'www/index.html', data: Buffer.from('<h1>capstan busybox</h1>\n') },
  ];
  return writeTar(entries);
}

/** Options of `ensureBusyboxImage`. */
export interface EnsureBusyboxOptions {
  /** Image reference to create; default `capstan/busybox:latest`. */
  readonly reference?: string;
  /** busybox binary to use; default the first of `/bin/busybox`, `/usr/bin/busybox` that exists. */
  readonly busyboxPath?: string;
}

/**
 * Returns the busybox image, importing it through the runtime from the host's busybox-static
 * when it is missing (default command `sh`). Throws when it is missing and no busybox binary exists.
 */
export async function ensureBusyboxImage(
  runtime: ContainerRuntime,
  options: EnsureBusyboxOptions = {},
): Promise<Image> {
  const reference = options.reference ?? busyboxImageReference;
  const existing = await runtime.imageStatus(reference);
  if (existing) return existing;
  let path = options.busyboxPath;
  if (!path) {
    for (const candidate of defaultBusyboxPaths) {
      try {
        await readFile(candidate, { flag: 'r' }).then(() => undefined);
        path = candidate;
        break;
      } catch {
        // next
      }
    }
  }
  if (!path) {
    throw new Error(
      `image ${reference} is missing and no busybox binary was found (looked at ${defaultBusyboxPaths.join(', ')}); install busybox-static`,
    );
  }
  const rootfs = await buildBusyboxRootfs(path);
  return runtime.importImage({ source: Readable.from([rootfs]), format: 'rootfs', reference, cmd: ['sh'] });
}
