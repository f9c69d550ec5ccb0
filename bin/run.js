#!/usr/bin/env node
import { readdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execute } from '@oclif/core';

// `npm run build` writes oclif.manifest.json so that --help needs no command modules. A build by
// plain `tsc` leaves it stale: then drop it and let oclif read the commands themselves.
const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = join(root, 'oclif.manifest.json');
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
try {
  if (statSync(manifest).mtimeMs < newestMtime(join(root, 'dist/cli/commands'))) rmSync(manifest, { force: true });
} catch {
  // no manifest, or no build yet: oclif reports the latter
}

// oclif reads user plugins (the commands Capstan plugins add) from its data dir: make it Capstan's.
process.env.CAPSTAN_DATA_DIR ||= join(homedir(), '.capstan');

await execute({ dir: import.meta.url });
