import { wallTime, zonedTime } from './zoned-time.js';

/** A parsed cron schedule: `next` gives the first activation strictly after an instant. */
export interface CronSchedule {
  /** The first activation after `afterMs` (whole seconds), or undefined when none within five years. */
  next(afterMs: number): number | undefined;
  /** The time zone the fields are read in. */
  readonly timeZone: string;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dows: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const doms: Bounds = { min: 1, max: 31 };

/** A field as a set of allowed values plus whether it was written `*` or `?`. */
interface FieldSet {
  values: Set<number>;
  star: boolean;
}

/** The error a malformed schedule gives, with robfig/cron's wording. */
export class CronParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronParseError';
  }
}

function parseNumber(s: string, b: Bounds): number {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(s))
    throw new CronParseError(
      `failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`,
    );
  return Number(s);
}

function parseRange(expr: string, b: Bounds, set: FieldSet): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseNumber(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseNumber(lowAndHigh[1]!, b);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]!, { min: 0, max: 0 });
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronParseError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) set.values.add(v);
  if (star) set.star = true;
}

function parseField(field: string, b: Bounds): FieldSet {
  const set: FieldSet = { values: new Set(), star: false };
  for (const part of field.split(',')) parseRange(part, b, set);
  return set;
}

const descriptors: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Parses a schedule as cron.ParseStandard does: five fields (minute hour day-of-month month
 * day-of-week) with `*`, `?`, lists, ranges, steps and month/day names; a descriptor (`@hourly`
 * ... `@yearly`); `@every <duration>`; an optional `TZ=` or `CRON_TZ=` prefix. `defaultZone` is
 * used when no prefix names a zone. Throws CronParseError.
 */
export function parseCronSchedule(spec: string, defaultZone = 'UTC'): CronSchedule {
  let s = spec.trim();
  let zone = defaultZone;
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(s);
  if (tz) {
    zone = tz[1]!;
    s = s.slice(tz[0].length).trim();
    try {
      wallTime(0, zone);
    } catch {
      throw new CronParseError(`provided bad location ${zone}: unknown time zone ${zone}`);
    }
  }
  if (s === '') throw new CronParseError('empty spec string');
  if (s.startsWith('@every ')) {
    const every = parseGoDuration(s.slice(7).trim());
    const interval = Math.max(1000, Math.floor(every / 1000) * 1000);
    return { timeZone: zone, next: (after) => Math.floor(after / 1000) * 1000 + interval };
  }
  if (s.startsWith('@')) {
    const d = descriptors[s];
    if (!d) throw new CronParseError(`unrecognized descriptor: ${s}`);
    s = d;
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5)
    throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [mi, h, dom, mon, dow] = [
    parseField(fields[0]!, minutes),
    parseField(fields[1]!, hours),
    parseField(fields[2]!, doms),
    parseField(fields[3]!, months),
    parseField(fields[4]!, dows),
  ];
  return { timeZone: zone, next: (after) => nextActivation(after, zone, mi, h, dom, mon, dow) };
}

function nextActivation(
  afterMs: number,
  zone: string,
  mi: FieldSet,
  h: FieldSet,
  dom: FieldSet,
  mon: FieldSet,
  dow: FieldSet,
): number | undefined {
  let t = Math.floor(afterMs / 1000) * 1000 + 1000;
  let added = false;
  const yearLimit = wallTime(t, zone).year + 5;
  const dayMatches = (w: { day: number; weekday: number }) => {
    const d = dom.values.has(w.day);
    const wd = dow.values.has(w.weekday);
    return dom.star || dow.star ? d && wd : d || wd;
  };
  wrap: for (;;) {
    let w = wallTime(t, zone);
    if (w.year > yearLimit) return undefined;
    while (!mon.values.has(w.month)) {
      if (!added) {
        added = true;
        t = zonedTime(zone, w.year, w.month, 1);
        w = wallTime(t, zone);
      }
      t = zonedTime(zone, w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
      w = wallTime(t, zone);
      if (w.month === 1) continue wrap;
    }
    while (!dayMatches(w)) {
      if (!added) {
        added = true;
        t = zonedTime(zone, w.year, w.month, w.day);
        w = wallTime(t, zone);
      }
      t = zonedTime(zone, w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
      w = wallTime(t, zone);
      if (w.hour !== 0) {
        t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
        w = wallTime(t, zone);
      }
      if (w.day === 1) continue wrap;
    }
    while (!h.values.has(w.hour)) {
      if (!added) {
        added = true;
        t = zonedTime(zone, w.year, w.month, w.day, w.hour);
      }
      t += 3_600_000;
      w = wallTime(t, zone);
      if (w.hour === 0) continue wrap;
    }
    while (!mi.values.has(w.minute)) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000;
      }
      t += 60_000;
      w = wallTime(t, zone);
      if (w.minute === 0) continue wrap;
    }
    while (w.second !== 0) {
      if (!added) {
        added = true;
        t = Math.floor(t / 1000) * 1000;
      }
      t += 1000;
      w = wallTime(t, zone);
      if (w.second === 0) continue wrap;
    }
    return t;
  }
}

/** Parses a Go duration such as `1h30m`, `90s`, `500ms`; returns milliseconds. */
export function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  if (s === '0') return 0;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos !== s.length || s.length === 0)
    throw new CronParseError(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s)}`);
  return total;
}
