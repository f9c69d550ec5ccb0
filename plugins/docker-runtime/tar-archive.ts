import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** One entry of a tar archive to write. */
export type TarEntry =
  | { readonly type: 'dir'; readonly path: string; readonly mode?: number }
  | { readonly type: 'file'; readonly path: string; readonly data: Buffer; readonly mode?: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, typeflag: string, size: number, mode: number, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 154);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
    if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) throw new Error(`tar path too long: ${path}`);
  }
  h.write(name, 0, 100);
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.fill(' ', 148, 156);
  h.write(typeflag, 156);
  h.write(linkname, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Writes a ustar archive (owner root, mtime 0) of the given entries. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.type === 'dir') parts.push(header(e.path.endsWith('/') ? e.path : `${e.path}/`, '5', 0, e.mode ?? 0o755));
    else if (e.type === 'symlink') parts.push(header(e.path, '2', 0, 0o777, e.target));
    else {
      parts.push(header(e.path, '0', e.data.length, e.mode ?? 0o644), e.data);
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function entryName(h: Buffer): string {
  const field = (start: number, len: number) => {
    const raw = h.subarray(start, start + len);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? len : end).toString();
  };
  const name = field(0, 100);
  const prefix = h.subarray(257, 262).toString() === 'ustar' ? field(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/**
 * Lists the entry names of a tar file (gzip-compressed or not), reading only headers where the
 * file is uncompressed. Stops early once `stop` returns true for a name.
 */
export async function scanTarNames(path: string, stop: (name: string) => boolean = () => false): Promise<string[]> {
  const fh = await open(path, 'r');
  const magic = Buffer.alloc(2);
  try {
    await fh.read(magic, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const names: string[] = [];
  const source = createReadStream(path);
  const stream = magic[0] === 0x1f && magic[1] === 0x8b ? source.pipe(createGunzip()) : source;
  let pending: Buffer = Buffer.alloc(0);
  let skip = 0;
  let longName: string | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (true) {
        if (skip > 0) {
          const n = Math.min(skip, pending.length);
          pending = pending.subarray(n);
          skip -= n;
          if (skip > 0) break;
        }
        if (pending.length < 512) break;
        const h = pending.subarray(0, 512);
        pending = pending.subarray(512);
        if (h.every((b) => b === 0)) return names;
        const size = parseInt(h.subarray(124, 136).toString().replace(/\0.*$/s, '').trim() || '0', 8);
        const typeflag = String.fromCharCode(h[156]!);
        const padded = Math.ceil(size / 512) * 512;
        if (typeflag === 'L') {
          // GNU long name: the next entry's name is this entry's data
          if (pending.length < padded) {
            pending = Buffer.concat([h, pending]);
            break;
          }
          longName = pending.subarray(0, size).toString().replace(/\0+$/, '');
          pending = pending.subarray(padded);
          continue;
        }
        const name = (longName ?? entryName(h)).replace(/^\.\//, '');
        longName = undefined;
        if (typeflag !== 'x' && typeflag !== 'g') {
          names.push(name);
          if (stop(name)) return names;
        }
        skip = padded;
      }
    }
  } finally {
    source.destroy();
  }
  return names;
}

/** `docker-archive` when the tar has a top-level `manifest.json` (what `docker save` writes), else `rootfs`. */
export async function detectArchiveFormat(path: string): Promise<'rootfs' | 'docker-archive'> {
  const names = await scanTarNames(path, (n) => n === 'manifest.json');
  return names.includes('manifest.json') ? 'docker-archive' : 'rootfs';
}
