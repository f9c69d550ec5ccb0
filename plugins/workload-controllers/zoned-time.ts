/** Wall-clock fields of an instant in a time zone. */
export interface WallTime {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday .. 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone name this runtime knows (time.LoadLocation succeeds). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'Local') return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `ms` in `zone`. */
export function wallTime(ms: number, zone: string): WallTime {
  if (zone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays[parts.weekday!] ?? 0,
  };
}

/** The zone's offset from UTC at `ms`, in milliseconds (east positive). */
export function zoneOffset(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const w = wallTime(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Go's time.Date in a zone: fields out of range are normalized (month 13 is January of the next
 * year), a wall time skipped by a DST jump resolves with the offset from before the jump (so it
 * lands after the jump), and a repeated wall time picks the first occurrence.
 */
export function zonedTime(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (zone === 'UTC') return wallAsUtc;
  const first = zoneOffset(wallAsUtc, zone);
  let utc = wallAsUtc - first;
  const second2 = zoneOffset(utc, zone);
  if (second2 !== first) utc = wallAsUtc - second2;
  return utc;
}

/** RFC 3339 with the zone's offset, as Go prints a time in a location (`Z` for UTC). */
export function formatInZone(ms: number, zone: string): string {
  const off = zoneOffset(ms, zone);
  const w = wallTime(ms, zone);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  const base = `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
  if (off === 0) return `${base}Z`;
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / 60000;
  return `${base}${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}
