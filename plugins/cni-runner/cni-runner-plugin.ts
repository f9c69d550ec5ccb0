import { PodNetwork } from '../../sdk/cni/index.js';
import { definePlugin } from '../../sdk/plugins/index.js';
import { CniRunner } from './cni-runner.js';

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

/** Default plugin binary directories: the CNI convention, then Debian's containernetworking-plugins. */
export const defaultCniBinDirs = ['/opt/cni/bin', '/usr/lib/cni'];

/**
 * Binds `PodNetwork` to a CNI runner. Configuration (`plugins.config.cni-runner`): `confDir`
 * (default `/etc/cni/net.d`), `binDirs` (default `/opt/cni/bin`, `/usr/lib/cni`) and `cacheDir`
 * (default `/var/lib/cni`). The config dir is read on each operation, so the node agent may
 * write its conflist after start.
 */
export const cniRunnerPlugin = definePlugin({
  name: 'cni-runner',
  version: '0.1.0',
  description: 'Pod networking through CNI plugins (spec 1.0: conflist, ADD/CHECK/DEL, cached results)',
  register({ bind, config }) {
    const binDirs = Array.isArray(config['binDirs'])
      ? (config['binDirs'] as unknown[]).filter((d): d is string => typeof d === 'string')
      : defaultCniBinDirs;
    bind(PodNetwork)
      .toDynamicValue(
        () =>
          new CniRunner({
            confDir: str(config['confDir'], '/etc/cni/net.d'),
            binDirs,
            cacheDir: str(config['cacheDir'], '/var/lib/cni'),
          }),
      )
      .inSingletonScope();
  },
});
