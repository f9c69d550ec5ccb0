import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The configuration file `capstan up`, `server` and `plugins` use when no --config is given. */
export function defaultConfigPath(dataDir: string): string {
  return join(dataDir, 'config.yaml');
}

/**
 * The configuration file to read: the one given (--config or CAPSTAN_CONFIG), else the data dir's
 * `config.yaml` when it exists, else none.
 */
export function configPathToRead(given: string | undefined, dataDir: string): string | undefined {
  if (given !== undefined) return given;
  const fallback = defaultConfigPath(dataDir);
  return existsSync(fallback) ? fallback : undefined;
}
