import { fileURLToPath } from 'node:url';

/** The folder of the built-in plugins next to the running core (`dist/plugins`). */
export function defaultBuiltinPluginDir(): string {
  return fileURLToPath(new URL('../../plugins/', import.meta.url));
}
