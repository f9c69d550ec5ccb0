import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';

/** A keep-alive HTTPS connection pool authenticated with a data dir's admin certificate. */
export function benchClient(dataDir: string, port: number, connections = 16) {
  const pki = join(dataDir, 'pki');
  const pool = new Pool(`https://127.0.0.1:${port}`, {
    connections,
    connect: {
      ca: readFileSync(join(pki, 'ca.crt')),
      cert: readFileSync(join(pki, 'admin.crt')),
      key: readFileSync(join(pki, 'admin.key')),
    },
  });
  return {
    async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
      const r = await pool.request({
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.body.text();
      return { status: r.statusCode, body: text.startsWith('{') ? JSON.parse(text) : text };
    },
    close: () => pool.close(),
  };
}
