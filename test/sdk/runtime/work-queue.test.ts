import test from 'ava';
import { FakeClock } from '../../../sdk/runtime/clock.js';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
} from '../../../sdk/runtime/rate-limiters.js';
import { WorkQueue } from '../../../sdk/runtime/work-queue.js';

async function drain(q: WorkQueue): Promise<string[]> {
  const out: string[] = [];
  while (q.length > 0) {
    const k = (await q.get())!;
    out.push(k);
    q.done(k);
  }
  return out;
}

test('dedup: a key added several times before processing is processed once, in first-add order', async (t) => {
  const q = new WorkQueue({ clock: new FakeClock() });
  for (const k of ['a', 'b', 'a', 'c', 'b', 'a']) q.add(k);
  t.is(q.length, 3);
  t.deepEqual(await drain(q), ['a', 'b', 'c']);
});

test('per-key serialisation: a key in flight is not handed out again until done, then once', async (t) => {
  const q = new WorkQueue({ clock: new FakeClock() });
  q.add('a');
  const first = await q.get();
  t.is(first, 'a');
  q.add('a');
  q.add('a');
  q.add('b');
  t.is(q.length, 1, 'only b is ready while a is in flight');
  t.is(await q.get(), 'b');
  q.done('b');
  t.is(q.length, 0);
  q.done('a');
  t.is(q.length, 1, 'a comes back once after done');
  t.is(await q.get(), 'a');
  q.done('a');
  t.is(q.length, 0);
});

test('a waiting getter gets the next key; shutDown releases getters with undefined', async (t) => {
  const q = new WorkQueue({ clock: new FakeClock() });
  const pending = q.get();
  q.add('x');
  t.is(await pending, 'x');
  const waiting = q.get();
  q.shutDown();
  t.is(await waiting, undefined);
  q.add('y');
  t.is(q.length, 0, 'adds after shutdown are ignored');
});

test("per-item backoff follows client-go's schedule: 5 ms doubling, capped at 1000 s, reset by forget", (t) => {
  const rl = new ItemExponentialFailureRateLimiter();
  const delays = Array.from({ length: 20 }, () => rl.when('k'));
  t.deepEqual(delays.slice(0, 6), [5, 10, 20, 40, 80, 160]);
  t.is(delays[17], 5 * 2 ** 17); // 655.36 s
  t.is(delays[18], 1_000_000);
  t.is(delays[19], 1_000_000);
  t.is(rl.numRequeues('k'), 20);
  t.is(rl.when('other'), 5, 'items back off independently');
  rl.forget('k');
  t.is(rl.numRequeues('k'), 0);
  t.is(rl.when('k'), 5);
});

test('the overall token bucket allows a burst of 100, then 10 per second', (t) => {
  const clock = new FakeClock(1_000);
  const rl = new BucketRateLimiter(10, 100, clock);
  const burst = Array.from({ length: 100 }, (_, i) => rl.when(`i${i}`));
  t.true(burst.every((d) => d === 0));
  t.is(rl.when('x'), 100);
  t.is(rl.when('y'), 200);
  clock.advance(1_000); // 10 tokens come back; two were owed
  const after = Array.from({ length: 9 }, (_, i) => rl.when(`z${i}`));
  t.deepEqual(after, [0, 0, 0, 0, 0, 0, 0, 0, 100]);
});

test('addRateLimited waits the backoff on the clock; forget resets it', async (t) => {
  const clock = new FakeClock(0);
  const q = new WorkQueue({ clock, rateLimiter: defaultControllerRateLimiter(clock) });
  const schedule: number[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const start = clock.now();
    q.addRateLimited('k');
    while (q.length === 0) clock.advance(1);
    schedule.push(clock.now() - start);
    const k = (await q.get())!;
    q.done(k);
  }
  t.deepEqual(schedule, [5, 10, 20, 40]);
  t.is(q.numRequeues('k'), 4);
  q.forget('k');
  t.is(q.numRequeues('k'), 0);
});

test('addAfter keeps the earliest pending delay and dedups with plain adds', async (t) => {
  const clock = new FakeClock(0);
  const q = new WorkQueue({ clock });
  q.addAfter('k', 1_000);
  q.addAfter('k', 300);
  q.addAfter('k', 2_000);
  t.true(q.isWaiting('k'));
  clock.advance(299);
  t.is(q.length, 0);
  clock.advance(1);
  t.is(q.length, 1);
  clock.advance(5_000);
  t.is(q.length, 1, 'the later delays were dropped');
  q.add('k');
  t.deepEqual(await drain(q), ['k']);
});

test('observer sees adds, retries and depth', async (t) => {
  const clock = new FakeClock(0);
  const seen = { adds: 0, retries: 0, depth: [] as number[] };
  const q = new WorkQueue({
    clock,
    observer: { onAdd: () => seen.adds++, onRetry: () => seen.retries++, onDepth: (d) => seen.depth.push(d) },
  });
  q.add('a');
  q.add('a');
  q.add('b');
  q.addRateLimited('c');
  clock.advance(5);
  await drain(q);
  t.is(seen.adds, 3, 'a, b, and c after its backoff');
  t.is(seen.retries, 1);
  t.deepEqual(seen.depth, [1, 2, 3, 2, 1, 0]);
});
