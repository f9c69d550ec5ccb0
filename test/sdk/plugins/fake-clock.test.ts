import test from 'ava';
import { FakeClock, systemClock } from '../../../sdk/plugins/index.js';

test('timers fire in time order as the fake clock advances, and not before', async (t) => {
  const clock = new FakeClock(1_000);
  const fired: string[] = [];
  clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
  clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
  clock.setTimer(100, () => fired.push(`b@${clock.now()}`));
  const cancelled = clock.setTimer(200, () => fired.push('cancelled'));
  cancelled.cancel();
  await clock.advance(99);
  t.deepEqual(fired, []);
  t.is(clock.now(), 1_099);
  await clock.advance(201);
  t.deepEqual(fired, ['a@1100', 'b@1100', 'c@1300']);
  t.is(clock.pendingTimers, 0);
});

test('a timer set by a firing timer fires within the same advance when due', async (t) => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  clock.setTimer(10, () => {
    fired.push(clock.now());
    clock.setTimer(10, () => fired.push(clock.now()));
  });
  await clock.advance(25);
  t.deepEqual(fired, [10, 20]);
  t.is(clock.now(), 25);
});

test('sleep resolves when time passes and rejects with the abort reason', async (t) => {
  const clock = new FakeClock(0);
  let woke = false;
  const sleeping = clock.sleep(50).then(() => (woke = true));
  await clock.advance(49);
  t.false(woke);
  await clock.advance(1);
  await sleeping;
  t.true(woke);

  const ac = new AbortController();
  const aborted = clock.sleep(1_000, ac.signal);
  ac.abort(new Error('shutting down'));
  await t.throwsAsync(aborted, { message: 'shutting down' });
  t.is(clock.pendingTimers, 0);
  await t.throwsAsync(clock.sleep(5, ac.signal), { message: 'shutting down' });
});

test('the system clock reads wall time', (t) => {
  const before = Date.now();
  const now = systemClock.now();
  t.true(now >= before && now <= Date.now());
});
