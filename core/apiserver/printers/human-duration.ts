/**
 * Age formatting as kubectl and the apiserver's printers show it, after apimachinery's
 * `util/duration` (HumanDuration, ShortHumanDuration) and the printers' `translateTimestampSince`.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Go's `int(x)` on a float: truncation toward zero. */
function goInt(x: number): number {
  return Math.trunc(x);
}

/**
 * A succinct duration with about 2-3 significant figures (`45s`, `3m10s`, `70m`, `5h3m`, `47h`,
 * `2d1h`, `8d`, `2y1d`, `8y`); `<invalid>` when more than a second negative, `0s` when slightly
 * negative. `ms` is the duration in milliseconds.
 */
export function humanDuration(ms: number): string {
  const seconds = goInt(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = goInt(ms / MINUTE);
  if (minutes < 10) {
    const s = goInt(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = goInt(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${goInt(hours / 24)}d` : `${goInt(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${goInt(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = goInt(hours / 24) % 365;
    const y = goInt(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${goInt(hours / 24 / 365)}y`;
}

/** A duration with one unit only (`59s`, `1m`, `23h`, `364d`, `2y`), as ShortHumanDuration. */
export function shortHumanDuration(ms: number): string {
  const seconds = goInt(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = goInt(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = goInt(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${goInt(hours / 24)}d`;
  return `${goInt(ms / HOUR / 24 / 365)}y`;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when absent or unparsable. */
export function parseTimestamp(timestamp: unknown): number | undefined {
  if (typeof timestamp !== 'string' || timestamp === '') return undefined;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The age of a timestamp at `now` as {@link humanDuration} prints it; `<unknown>` when the
 * timestamp is missing (Go's zero time) or unparsable.
 */
export function translateTimestampSince(timestamp: unknown, now: Date): string {
  const t = parseTimestamp(timestamp);
  if (t === undefined) return '<unknown>';
  return humanDuration(now.getTime() - t);
}
