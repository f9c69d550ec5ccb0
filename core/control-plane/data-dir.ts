import { homedir } from 'node:os';
import { join } from 'node:path';

/** The default data directory: $CAPSTAN_DATA_DIR, else `~/.capstan`. */
export function defaultDataDir(): string {
  return process.env.CAPSTAN_DATA_DIR ?? join(homedir(), '.capstan');
}
