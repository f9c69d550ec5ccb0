/**
 * Exact resource.Quantity arithmetic for quota accounting: values are held in nano-units as
 * BigInt (so `100m + 200m` is exactly `300m` and `1Gi + 512Mi` is exactly `1536Mi`), with the
 * format they were written in, and printed in apimachinery's canonical form.
 */

/** How a quantity prints: decimal SI suffixes (`500m`, `2k`), binary (`1Gi`) or exponents (`1e3`). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity. */
export interface ResourceQuantity {
  /** The value times 10^9. */
  readonly nano: bigint;
  readonly format: QuantityFormat;
}

/** A resource list with exact quantities, by resource name. */
export type UsageList = Map<string, ResourceQuantity>;

const NANO = 1_000_000_000n;
const binary: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const decimal: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A zero quantity. */
export const zeroQuantity: ResourceQuantity = { nano: 0n, format: 'DecimalSI' };

/** Parses a quantity (`100m`, `1.5Gi`, `2e3`, a JSON number); undefined when malformed. Sub-nano parts round up. */
export function parseResourceQuantity(input: unknown): ResourceQuantity | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input;
  if (typeof text !== 'string') return undefined;
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+|[a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const [, sign, num, suffix] = m as unknown as [string, string, string, string];
  const [whole, frac = ''] = num.split('.');
  let mantissa = BigInt(`${whole || '0'}${frac}`);
  let exp10 = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  let shift = 0;
  if (suffix in binary) {
    format = 'BinarySI';
    shift = binary[suffix]! * 10;
  } else if (suffix in decimal) exp10 += decimal[suffix]!;
  else if (/^[eE]/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  } else return undefined;
  mantissa <<= BigInt(shift);
  const e = exp10 + 9;
  let nano: bigint;
  if (e >= 0) nano = mantissa * 10n ** BigInt(e);
  else {
    const d = 10n ** BigInt(-e);
    nano = mantissa / d + (mantissa % d === 0n ? 0n : 1n);
  }
  return { nano: sign === '-' ? -nano : nano, format };
}

/** a + b; a zero left side takes the format of the right (Quantity.Add). */
export function addQuantities(a: ResourceQuantity, b: ResourceQuantity): ResourceQuantity {
  return { nano: a.nano + b.nano, format: a.nano === 0n ? b.format : a.format };
}

/** a - b, in a's format. */
export function subtractQuantities(a: ResourceQuantity, b: ResourceQuantity): ResourceQuantity {
  return { nano: a.nano - b.nano, format: a.nano === 0n ? b.format : a.format };
}

/** -1, 0 or 1. */
export function compareResourceQuantities(a: ResourceQuantity, b: ResourceQuantity): number {
  return a.nano === b.nano ? 0 : a.nano < b.nano ? -1 : 1;
}

/** A count as a DecimalSI quantity. */
export function countQuantity(n: number): ResourceQuantity {
  return { nano: BigInt(n) * NANO, format: 'DecimalSI' };
}

/** The value as a JS number (for ratios). */
export function quantityToNumber(q: ResourceQuantity): number {
  return Number(q.nano) / 1e9;
}

/** Prints a quantity in apimachinery's canonical form (`500m`, `2`, `1k`, `1536Mi`, `1e3`). */
export function formatResourceQuantity(q: ResourceQuantity): string {
  const negative = q.nano < 0n;
  const abs = negative ? -q.nano : q.nano;
  const sign = negative ? '-' : '';
  if (abs === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI' && (abs < 1024n * NANO || abs % NANO !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let value = abs / NANO;
    let k = 0;
    while (k < 6 && value % 1024n === 0n) {
      value /= 1024n;
      k++;
    }
    return `${sign}${value}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k]}`;
  }
  // Largest exponent (a multiple of 3, from -9) with an integral mantissa.
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  const suffix = Object.entries(decimal).find(([, v]) => v === exp)![0];
  return `${sign}${mantissa}${suffix}`;
}

/** Parses a resource list (`{cpu: '1', memory: '1Gi'}`), skipping malformed values. */
export function parseResourceList(list: unknown): UsageList {
  const out: UsageList = new Map();
  if (!list || typeof list !== 'object') return out;
  for (const [k, v] of Object.entries(list as Record<string, unknown>)) {
    const q = parseResourceQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** A resource list as the API writes it, keys sorted. */
export function formatResourceList(list: UsageList): Record<string, string> {
  return Object.fromEntries(
    [...list.keys()].sort().map((k) => [k, formatResourceQuantity(list.get(k)!)] as [string, string]),
  );
}

/** quota.Add: every key of both lists, summed. */
export function addUsage(a: UsageList, b: UsageList): UsageList {
  const out: UsageList = new Map(a);
  for (const [k, v] of b) out.set(k, addQuantities(out.get(k) ?? zeroQuantity, v));
  return out;
}

/** quota.Subtract: every key of `a`, minus `b`'s value. */
export function subtractUsage(a: UsageList, b: UsageList): UsageList {
  const out: UsageList = new Map();
  for (const [k, v] of a) out.set(k, subtractQuantities(v, b.get(k) ?? zeroQuantity));
  for (const [k, v] of b) if (!a.has(k)) out.set(k, subtractQuantities(zeroQuantity, v));
  return out;
}

/** quota.Mask: only the keys named. */
export function maskUsage(list: UsageList, names: Iterable<string>): UsageList {
  const out: UsageList = new Map();
  for (const n of names) {
    const v = list.get(n);
    if (v) out.set(n, v);
  }
  return out;
}

/** prettyPrint of the quota admission: `a=1,b=2Gi`, keys sorted. */
export function prettyPrintUsage(list: UsageList): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${formatResourceQuantity(list.get(k)!)}`)
    .join(',');
}
