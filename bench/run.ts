/**
 * `npm run bench -- NAME`: runs one benchmark; each prints its figures and ends with one JSON line
 * `{"bench", "metric", "capstan", "peer", "peer_value", "ratio", ...}` on stdout.
 */
const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  api: async () => (await import('./api-bench.js')).runApiBench(),
  store: async () => (await import('./store-bench.js')).runStoreBench(),
  'cli-startup': async () => (await import('./cli-startup-bench.js')).runCliStartupBench(),
  scheduler: async () => (await import('./scheduler-bench.js')).runSchedulerBench(),
  controllers: async () => (await import('./controllers-bench.js')).runControllersBench(),
  'pod-startup': async () => (await import('./pod-startup-bench.js')).runPodStartupBench(),
};

const name = process.argv[2];
if (!name || !benches[name]) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exit(2);
}
const result = await benches[name]!();
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
