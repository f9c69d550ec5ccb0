/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, or a percentage of `total` rounded up
 * or down. Throws on a malformed value (validation rejects those before a controller sees them).
 */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) {
    if (/^-?\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`);
  }
  const v = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(v) : Math.floor(v);
}

/** Integer division rounded toward zero, as Go does for int32. */
export function goIntDiv(a: number, b: number): number {
  return Math.trunc(a / b);
}
