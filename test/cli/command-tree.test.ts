import test from 'ava';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCommandTree, renderReference } from '../../cli/tools/command-tree.js';
import { repoRoot } from '../helpers/capstan-process.js';

test('the live command tree matches the committed snapshot (run `npm run cli:snapshot` after changing commands)', async (t) => {
  const live = await buildCommandTree(repoRoot);
  const committed = JSON.parse(readFileSync(join(repoRoot, 'test/cli/command-tree.snapshot.json'), 'utf8'));
  t.deepEqual(JSON.parse(JSON.stringify(live)), committed);
  t.is(readFileSync(join(repoRoot, 'docs/cli/README.md'), 'utf8'), renderReference(live));
});

test('every command has a summary and at least one example; data commands take --json', async (t) => {
  const tree = await buildCommandTree(repoRoot);
  const ours = [
    'apply',
    'get',
    'delete',
    'describe',
    'events',
    'explain',
    'scale',
    'status',
    'token:create',
    'token:list',
    'token:revoke',
    'rollout:status',
    'rollout:history',
    'rollout:undo',
    'rollout:restart',
  ];
  for (const id of ours) {
    const c = tree.find((x) => x.id === id);
    t.truthy(c, id);
    t.true(c!.summary.length > 0, id);
    t.true(c!.examples.length > 0, id);
    t.true(c!.json, `${id} --json`);
    t.truthy(c!.jsonShape, `${id} json shape`);
  }
  for (const c of tree) t.true(c.examples.length > 0, `${c.id} has examples`);
});

test('--help of a command shows its examples and exits 0', async (t) => {
  const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(process.execPath, [join(repoRoot, 'bin/run.js'), 'get', '--help'], (err, stdout) =>
      resolve({ code: err ? 1 : 0, stdout }),
    ),
  );
  t.is(r.code, 0);
  t.regex(r.stdout, /EXAMPLES/);
  t.regex(r.stdout, /capstan get pods -w/);
});
