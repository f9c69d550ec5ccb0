import test from 'ava';
import { CronParseError, parseCronSchedule } from '../../../plugins/workload-controllers/cron-schedule.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

// Expected activations follow robfig/cron v3 (what the CronJob controller uses): fields are read
// in the schedule's zone; hours skipped by a DST jump do not fire; a repeated hour fires twice.
const cases: Array<{ spec: string; zone?: string; after: string; want: string[] }> = [
  {
    spec: '*/15 * * * *',
    after: '2025-01-01T10:07:00Z',
    want: ['2025-01-01T10:15:00.000Z', '2025-01-01T10:30:00.000Z'],
  },
  {
    spec: '0 9 * * 1-5',
    after: '2025-01-03T10:00:00Z',
    want: ['2025-01-06T09:00:00.000Z', '2025-01-07T09:00:00.000Z'],
  },
  { spec: '@hourly', after: '2025-01-01T10:00:00Z', want: ['2025-01-01T11:00:00.000Z', '2025-01-01T12:00:00.000Z'] },
  { spec: '@daily', after: '2025-01-01T10:00:00Z', want: ['2025-01-02T00:00:00.000Z'] },
  { spec: '@weekly', after: '2025-01-01T00:00:00Z', want: ['2025-01-05T00:00:00.000Z'] },
  { spec: '@monthly', after: '2025-01-31T00:00:00Z', want: ['2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'] },
  { spec: '@yearly', after: '2025-06-01T00:00:00Z', want: ['2026-01-01T00:00:00.000Z'] },
  { spec: '0 0 29 2 *', after: '2025-01-01T00:00:00Z', want: ['2028-02-29T00:00:00.000Z'] },
  // day-of-month OR day-of-week when both are restricted: the 13th or any Friday
  {
    spec: '0 0 13 * 5',
    after: '2025-06-01T00:00:00Z',
    want: ['2025-06-06T00:00:00.000Z', '2025-06-13T00:00:00.000Z', '2025-06-20T00:00:00.000Z'],
  },
  // with day-of-week `*`, only the day of month counts
  { spec: '0 0 13 * *', after: '2025-06-01T00:00:00Z', want: ['2025-06-13T00:00:00.000Z'] },
  {
    spec: '5,35 1-2 * JAN-FEB sun',
    after: '2025-01-01T00:00:00Z',
    want: ['2025-01-05T01:05:00.000Z', '2025-01-05T01:35:00.000Z', '2025-01-05T02:05:00.000Z'],
  },
  {
    spec: '10/20 * * * *',
    after: '2025-01-01T00:00:00Z',
    want: [
      '2025-01-01T00:10:00.000Z',
      '2025-01-01T00:30:00.000Z',
      '2025-01-01T00:50:00.000Z',
      '2025-01-01T01:10:00.000Z',
    ],
  },
  { spec: '0 9 * * *', zone: 'Asia/Tokyo', after: '2025-01-01T00:00:00Z', want: ['2025-01-02T00:00:00.000Z'] },
  { spec: 'TZ=Asia/Kolkata 30 6 * * *', after: '2025-01-01T00:00:00Z', want: ['2025-01-01T01:00:00.000Z'] },
  {
    spec: '0 12 * * *',
    zone: 'America/New_York',
    after: '2025-03-08T00:00:00Z',
    want: ['2025-03-08T17:00:00.000Z', '2025-03-09T16:00:00.000Z'],
  },
  // spring forward in New York (2025-03-09 02:00 EST -> 03:00 EDT): 02:30 does not exist that day
  { spec: '30 2 * * *', zone: 'America/New_York', after: '2025-03-09T05:00:00Z', want: ['2025-03-10T06:30:00.000Z'] },
  // fall back (2025-11-02 02:00 EDT -> 01:00 EST): 01:30 happens twice
  {
    spec: '30 1 * * *',
    zone: 'America/New_York',
    after: '2025-11-02T04:00:00Z',
    want: ['2025-11-02T05:30:00.000Z', '2025-11-02T06:30:00.000Z', '2025-11-03T06:30:00.000Z'],
  },
  { spec: '@every 90s', after: '2025-01-01T00:00:00Z', want: ['2025-01-01T00:01:30.000Z', '2025-01-01T00:03:00.000Z'] },
];

for (const c of cases) {
  test(`cron ${c.spec}${c.zone ? ` in ${c.zone}` : ''} after ${c.after}`, (t) => {
    const s = parseCronSchedule(c.spec, c.zone ?? 'UTC');
    const got: Array<string | undefined> = [];
    let at = Date.parse(c.after);
    for (let i = 0; i < c.want.length; i++) {
      const n = s.next(at);
      got.push(iso(n));
      if (n === undefined) break;
      at = n;
    }
    t.deepEqual(got, c.want);
  });
}

test('an impossible date has no activation', (t) => {
  t.is(parseCronSchedule('0 0 30 2 *').next(Date.UTC(2025, 0, 1)), undefined);
});

const bad: Array<[string, string]> = [
  ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
  ['60 * * * *', 'end of range (60) above maximum (59): 60'],
  ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
];
for (const [spec, message] of bad) {
  test(`cron ${JSON.stringify(spec)} is refused`, (t) => {
    const e = t.throws(() => parseCronSchedule(spec), { instanceOf: CronParseError });
    t.is(e?.message, message);
  });
}
