import type { Readable } from 'node:stream';

/** A local image. */
export interface Image {
  /** Image ID (`sha256:...`). */
  readonly id: string;
  /** Tags naming it (`repo:tag`). */
  readonly repoTags: readonly string[];
  readonly sizeBytes: number;
}

/**
 * What to import: `rootfs` is a (possibly gzipped) tarball of a root filesystem, `docker-archive`
 * the output of `docker save` (a tar with `manifest.json`). `auto` looks inside a file to decide.
 */
export type ImageArchiveFormat = 'rootfs' | 'docker-archive' | 'auto';

/** An archive to import: a file path or a stream of its bytes. */
export interface ImageImportSource {
  /** A path (any format) or a stream (then `format` must not be `auto`). */
  readonly source: string | Readable;
  readonly format?: ImageArchiveFormat;
  /**
   * `repo:tag` to give the image. Required for a rootfs; for a docker archive it adds a tag to
   * the image loaded (the archive's own tags are kept).
   */
  readonly reference?: string;
  /** Default command of a rootfs image (its `CMD`), for pods that give none. */
  readonly cmd?: readonly string[];
}
