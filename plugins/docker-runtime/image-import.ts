import { spawn } from 'node:child_process';
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRuntime, Image, ImageArchiveFormat } from '../../sdk/cri/index.js';

/** Options of `importImagePath`. */
export interface ImportPathOptions {
  /** `repo:tag` to give the image (required for a rootfs). */
  readonly reference?: string;
  /** Archive kind; default `auto` (a `manifest.json` at the top means `docker save` output). */
  readonly format?: ImageArchiveFormat;
  /** Default command of a rootfs image. */
  readonly cmd?: readonly string[];
}

/**
 * Imports a file (rootfs tarball, gzipped or not, or `docker save` archive) or a directory
 * (a root filesystem, or an unpacked `docker save` layout), tarring a directory on the fly
 * with the system `tar`. Returns the image. Throws when the path is missing or the import fails.
 */
export async function importImagePath(
  runtime: ContainerRuntime,
  path: string,
  options: ImportPathOptions = {},
): Promise<Image> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    return runtime.importImage({
      source: path,
      format: options.format ?? 'auto',
      reference: options.reference,
      cmd: options.cmd,
    });
  }
  let format = options.format ?? 'auto';
  if (format === 'auto') {
    format = await access(join(path, 'manifest.json')).then(
      () => 'docker-archive' as const,
      () => 'rootfs' as const,
    );
  }
  const tar = spawn('tar', ['-C', path, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => resolve(code ?? 1));
  });
  const image = await runtime.importImage({
    source: tar.stdout,
    format,
    reference: options.reference,
    cmd: options.cmd,
  });
  const code = await exited;
  if (code !== 0) throw new Error(`tar of ${path} failed (exit ${code}): ${stderr.trim()}`);
  return image;
}
