import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CapstanConfig } from './capstan-config.js';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

/**
 * Reads and validates a configuration file; relative plugin paths resolve from its folder.
 * Throws ConfigError when the file cannot be read or is invalid.
 */
export function loadConfigFile(path: string): CapstanConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new ConfigError(file, '', err.code === 'ENOENT' ? 'no such file' : `cannot read: ${err.message}`);
  }
  return parseConfig(text, { source: file, baseDir: dirname(file) });
}
