import { resolve } from 'node:path';
import type { Store } from './store.js';

// Drivers load on demand: etcd3 (with grpc) and better-sqlite3 cost hundreds of milliseconds to
// import, which a process on another store should not pay.

/**
 * Opens the store a URL names (the `--store` flag of `capstan server`): `sqlite:///abs/path.db`
 * (or `sqlite://relative.db`, resolved against the working directory), `etcd://host:2379[,host:2379]
 * [?prefix=/capstan]`, or `memory://`. Resolves once the store can be used. Throws an Error naming
 * the accepted forms for an unknown scheme, and one naming the endpoints when etcd cannot be reached.
 */
export async function openStore(url: string): Promise<Store> {
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = url.slice('sqlite://'.length);
      if (!path) throw new Error(`store URL ${url} names no file: use sqlite:///path/to/state.db`);
      const { SqliteStore } = await import('./sqlite-driver.js');
      return new SqliteStore(path === ':memory:' ? path : resolve(decodeURIComponent(path.split('?')[0]!)));
    }
    case 'etcd': {
      const rest = url.slice('etcd://'.length);
      const [hosts, query] = rest.split('?');
      const endpoints = hosts!
        .split(',')
        .filter(Boolean)
        .map((h) => `http://${h}`);
      if (endpoints.length === 0) throw new Error(`store URL ${url} names no etcd endpoint: use etcd://host:2379`);
      const prefix = new URLSearchParams(query ?? '').get('prefix') ?? '';
      const { EtcdStore } = await import('./etcd-driver.js');
      const store = new EtcdStore(endpoints, prefix);
      try {
        await store.currentRevision();
      } catch (e) {
        await store.close();
        throw new Error(`cannot reach etcd at ${endpoints.join(', ')}: ${(e as Error).message}`);
      }
      return store;
    }
    case 'memory': {
      const { MemoryStore } = await import('./memory-driver.js');
      return new MemoryStore();
    }
    default:
      throw new Error(
        `unsupported store URL "${url}": use sqlite:///abs/path/state.db (or sqlite://relative/path), ` +
          'etcd://host:2379[,host:2379][?prefix=/capstan] or memory://',
      );
  }
}
