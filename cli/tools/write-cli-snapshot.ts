import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCommandTree, renderReference } from './command-tree.js';

/** `npm run cli:snapshot`: rewrites test/cli/command-tree.snapshot.json and docs/cli/README.md. */
const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const tree = await buildCommandTree(root);
writeFileSync(join(root, 'test/cli/command-tree.snapshot.json'), `${JSON.stringify(tree, null, 2)}\n`);
mkdirSync(join(root, 'docs/cli'), { recursive: true });
writeFileSync(join(root, 'docs/cli/README.md'), renderReference(tree));
process.stdout.write(`wrote ${tree.length} commands to test/cli/command-tree.snapshot.json and docs/cli/README.md\n`);
