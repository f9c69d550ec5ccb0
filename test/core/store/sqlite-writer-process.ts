/**
 * A child process for the SQLite crash test: writes keys in waves forever and prints
 * `key revision` for each write once its promise has resolved (that is, once it is acknowledged).
 * The parent kills it with SIGKILL at an arbitrary point.
 */
import { SqliteStore } from '../../../core/store/sqlite-driver.js';

const store = new SqliteStore(process.argv[2]!);
for (let wave = 0; ; wave++) {
  await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const key = `/crash/${wave}-${i}`;
      const res = await store.create(key, `value-${wave}-${i}`);
      if (res.ok) process.stdout.write(`${key} ${res.revision}\n`);
    }),
  );
}
