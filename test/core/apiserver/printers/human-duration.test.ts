import test from 'ava';
import {
  humanDuration,
  shortHumanDuration,
  translateTimestampSince,
} from '../../../../core/apiserver/printers/human-duration.js';

// Expected values: apimachinery util/duration tests (TestHumanDuration, TestHumanDurationBoundaries,
// TestShortHumanDurationBoundaries).
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

const human: Array<[number, string]> = [
  [S, '1s'],
  [70 * S, '70s'],
  [190 * S, '3m10s'],
  [70 * M, '70m'],
  [47 * H, '47h'],
  [49 * H, '2d1h'],
  [8 * D + 2 * H, '8d'],
  [367 * D, '367d'],
  [2 * Y + 25 * H, '2y1d'],
  [8 * Y + 2 * H, '8y'],
  [-2 * S, '<invalid>'],
  [-2 * S + 1, '0s'],
  [0, '0s'],
  [S - 1, '0s'],
  [2 * M - 1, '119s'],
  [2 * M, '2m'],
  [2 * M + S, '2m1s'],
  [10 * M - 1, '9m59s'],
  [10 * M, '10m'],
  [10 * M + S, '10m'],
  [3 * H - 1, '179m'],
  [3 * H, '3h'],
  [3 * H + M, '3h1m'],
  [8 * H - 1, '7h59m'],
  [8 * H, '8h'],
  [8 * H + 59 * M, '8h'],
  [2 * D - 1, '47h'],
  [2 * D, '2d'],
  [8 * D - 1, '7d23h'],
  [8 * D, '8d'],
  [8 * D + 23 * H, '8d'],
  [2 * Y - 1, '729d'],
  [2 * Y, '2y'],
  [2 * Y + 23 * H + 59 * M, '2y'],
  [2 * Y + D - 1, '2y'],
  [2 * Y + D, '2y1d'],
  [3 * Y, '3y'],
  [7 * Y, '7y'],
  [8 * Y - 1, '7y364d'],
  [8 * Y, '8y'],
  [8 * Y + 364 * D, '8y'],
  [9 * Y, '9y'],
];

for (const [ms, want] of human) {
  test(`humanDuration(${ms}ms) = ${want}`, (t) => {
    t.is(humanDuration(ms), want);
  });
}

const short: Array<[number, string]> = [
  [-2 * S, '<invalid>'],
  [-2 * S + 1, '0s'],
  [0, '0s'],
  [S - 1, '0s'],
  [S, '1s'],
  [2 * S - 1, '1s'],
  [M - 1, '59s'],
  [M, '1m'],
  [2 * M - 1, '1m'],
  [H - 1, '59m'],
  [H, '1h'],
  [2 * H - 1, '1h'],
  [D - 1, '23h'],
  [D, '1d'],
  [2 * D - 1, '1d'],
  [Y - 1, '364d'],
  [Y, '1y'],
  [2 * Y - 1, '1y'],
  [2 * Y, '2y'],
];

for (const [ms, want] of short) {
  test(`shortHumanDuration(${ms}ms) = ${want}`, (t) => {
    t.is(shortHumanDuration(ms), want);
  });
}

test('translateTimestampSince prints <unknown> for a missing timestamp and an age otherwise', (t) => {
  const now = new Date('2025-01-10T12:00:00Z');
  t.is(translateTimestampSince(undefined, now), '<unknown>');
  t.is(translateTimestampSince('', now), '<unknown>');
  t.is(translateTimestampSince('not a time', now), '<unknown>');
  t.is(translateTimestampSince('2025-01-10T11:55:00Z', now), '5m');
  t.is(translateTimestampSince('2025-01-10T11:56:56Z', now), '3m4s');
  t.is(translateTimestampSince('2025-01-10T06:57:00Z', now), '5h3m');
  t.is(translateTimestampSince('2025-01-08T12:00:00Z', now), '2d');
  t.is(translateTimestampSince('2025-01-10T12:00:05Z', now), '<invalid>');
});
