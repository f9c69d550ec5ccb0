import { Args, Command, Flags } from '@oclif/core';
import { DockerRuntime, importImagePath } from '../../../plugins/docker-runtime/index.js';

/** `capstan image import FILE|DIR`: load a local image without a registry. */
export default class ImageImport extends Command {
  static override summary = 'Import a rootfs tarball, a directory or a `docker save` archive as a local image.';
  static override description =
    "A file is a root filesystem tarball (optionally gzipped) or the output of `docker save` (recognised by its manifest.json); a directory is tarred on the fly. A root filesystem needs --tag; a docker archive keeps its own tags and gets --tag as an extra one. The image goes into the node's container runtime (the Docker engine at DOCKER_HOST or /var/run/docker.sock).";
  static override examples = [
    '<%= config.bin %> image import rootfs.tar --tag example/app:1.0',
    '<%= config.bin %> image import ./rootfs --tag example/app:1.0 --cmd /bin/app',
    '<%= config.bin %> image import saved-image.tar',
  ];
  static override args = {
    path: Args.string({ description: 'tarball, docker save archive, or directory', required: true }),
  };
  static override flags = {
    tag: Flags.string({ char: 't', description: 'repo:tag to give the image (required for a root filesystem)' }),
    format: Flags.string({
      description: 'archive kind',
      options: ['auto', 'rootfs', 'docker-archive'],
      default: 'auto',
    }),
    cmd: Flags.string({ description: 'default command of a root filesystem image (repeatable)', multiple: true }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ id: string; repoTags: string[] }> {
    const { args, flags } = await this.parse(ImageImport);
    const runtime = new DockerRuntime({ owner: 'capstan-cli' });
    try {
      await runtime.version();
    } catch (e) {
      this.logToStderr(
        `Error: no container runtime found: the Docker engine did not answer (${(e as Error).message}). Install and start Docker (Debian: apt-get install docker.io), or set DOCKER_HOST.`,
      );
      this.exit(1);
    }
    try {
      const image = await importImagePath(runtime, args.path, {
        reference: flags.tag,
        format: flags.format as 'auto' | 'rootfs' | 'docker-archive',
        cmd: flags.cmd,
      });
      this.log(`Imported ${image.repoTags.length ? image.repoTags.join(', ') : '<untagged>'} (${image.id})`);
      return { id: image.id, repoTags: [...image.repoTags] };
    } catch (e) {
      this.logToStderr(`Error: ${(e as Error).message}`);
      return this.exit(1);
    }
  }
}
