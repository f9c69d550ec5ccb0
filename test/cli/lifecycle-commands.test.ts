import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, startCapstan } from '../helpers/capstan-process.js';

function capstan(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin/run.js'), ...args],
      { env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

test.serial(
  'kubeconfig prints the admin kubeconfig and merges it into another file; down stops the cluster',
  async (t) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'capstan-cli-'));
    try {
      const up = await startCapstan('up', dataDir);
      const printed = await capstan(['kubeconfig', '--data-dir', dataDir]);
      t.is(printed.code, 0, printed.stderr);
      const cfg = parse(printed.stdout);
      t.is(cfg['current-context'], 'capstan');
      t.is(cfg.clusters[0].cluster.server, `https://127.0.0.1:${up.port}`);

      const target = join(dataDir, 'merged.yaml');
      writeFileSync(
        target,
        'apiVersion: v1\nkind: Config\nclusters: [{name: other, cluster: {server: "https://example.invalid"}}]\nusers: []\ncontexts: [{name: other, context: {cluster: other}}]\ncurrent-context: other\n',
      );
      const merged = await capstan(['kubeconfig', '--data-dir', dataDir, '--merge', '--file', target]);
      t.is(merged.code, 0, merged.stderr);
      const m = parse(readFileSync(target, 'utf8'));
      t.deepEqual(m.contexts.map((c: { name: string }) => c.name).sort(), ['capstan', 'other']);
      t.is(m['current-context'], 'capstan');
      const again = await capstan([
        'kubeconfig',
        '--data-dir',
        dataDir,
        '--merge',
        '--file',
        target,
        '--no-set-current',
      ]);
      t.is(again.code, 0);
      t.is(parse(readFileSync(target, 'utf8')).clusters.length, 2, 'merging twice replaces, never duplicates');

      const down = await capstan(['down', '--data-dir', dataDir]);
      t.is(down.code, 0, down.stderr);
      t.regex(down.stdout, /stopped \(pid \d+\)/);
      const exit = await up.exited;
      t.is(exit.code, 0);
      t.false(existsSync(join(dataDir, 'capstan.pid')));
      const nothing = await capstan(['down', '--data-dir', dataDir]);
      t.is(nothing.code, 1);
      t.regex(nothing.stderr, /no running cluster/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);

test('kubeconfig without a cluster says how to start one', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-cli-'));
  try {
    const r = await capstan(['kubeconfig', '--data-dir', dataDir]);
    t.is(r.code, 1);
    t.regex(r.stderr, /capstan up/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
