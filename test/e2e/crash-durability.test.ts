import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminClient, startCapstan } from '../helpers/capstan-process.js';

test('kill -9 during a write load loses no acknowledged write, and revisions keep increasing', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-crash-'));
  try {
    const first = await startCapstan('server', dataDir);
    const client = adminClient(dataDir, first.port);
    const acknowledged = new Map<string, number>();
    let stop = false;
    let highest = 0;
    const writer = async (id: number) => {
      for (let i = 0; !stop; i++) {
        const name = `w${id}-${i}`;
        try {
          const r = await client.call('POST', '/api/v1/namespaces/default/configmaps', {
            metadata: { name },
            data: { i: String(i) },
          });
          if (r.status === 201) {
            const rv = Number(r.body.metadata.resourceVersion);
            acknowledged.set(name, rv);
            highest = Math.max(highest, rv);
          }
        } catch {
          return; // the server died under us: this write was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, i) => writer(i));
    // Let the load run until a good number of writes were acknowledged, then kill without warning.
    while (acknowledged.size < 300) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    client.agent.destroy();

    const second = await startCapstan('server', dataDir);
    const again = adminClient(dataDir, second.port);
    try {
      const list = await again.call('GET', '/api/v1/namespaces/default/configmaps');
      t.is(list.status, 200);
      const stored = new Map<string, number>(
        list.body.items.map((o: { metadata: { name: string; resourceVersion: string } }) => [
          o.metadata.name,
          Number(o.metadata.resourceVersion),
        ]),
      );
      const missing = [...acknowledged.keys()].filter((n) => !stored.has(n));
      t.deepEqual(missing, [], `${missing.length} of ${acknowledged.size} acknowledged writes were lost`);
      for (const [name, rv] of acknowledged) t.is(stored.get(name), rv, `${name} kept its resourceVersion`);
      const created = await again.call('POST', '/api/v1/namespaces/default/configmaps', {
        metadata: { name: 'after-restart' },
      });
      t.is(created.status, 201);
      t.true(Number(created.body.metadata.resourceVersion) > highest, 'a new write gets a higher resourceVersion');
    } finally {
      again.agent.destroy();
      second.child.kill('SIGTERM');
      const exit = await second.exited;
      t.is(exit.code, 0, 'SIGTERM stops the server cleanly');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
