/**
 * The canonical text of a resource.Quantity (`1000m` -> `1`, `1.5Gi` -> `1536Mi`, `1500` -> `1500`),
 * as apimachinery's Quantity.String() prints it. The printers show quantities this way.
 */

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact decimal value: `mantissa * 10^exponent`. */
interface Decimal {
  mantissa: bigint;
  exponent: number;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = new Map(Object.entries(BINARY_SUFFIXES).map(([s, p]) => [p, s]));

const QUANTITY_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** Parses a quantity string; undefined when it is not a valid quantity. */
function parseQuantity(text: string): { value: Decimal; format: QuantityFormat } | undefined {
  const m = QUANTITY_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [, sign, whole = '', frac = '', suffix, exp] = m;
  if (whole === '' && frac === '') return undefined;
  let mantissa = BigInt((whole || '0') + frac);
  let exponent = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  if (exp !== undefined) {
    format = 'DecimalExponent';
    exponent += Number(exp);
  } else if (suffix !== undefined && suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY_SUFFIXES[suffix]!);
  } else if (suffix !== undefined) {
    exponent += DECIMAL_SUFFIXES[suffix]!;
  }
  if (sign === '-') mantissa = -mantissa;
  return { value: roundToNano({ mantissa, exponent }), format };
}

/** The apiserver keeps nano precision, rounding further digits away from zero. */
function roundToNano(d: Decimal): Decimal {
  if (d.exponent >= -9) return d;
  const divisor = 10n ** BigInt(-9 - d.exponent);
  let q = d.mantissa / divisor;
  if (d.mantissa % divisor !== 0n) q += d.mantissa < 0n ? -1n : 1n;
  return { mantissa: q, exponent: -9 };
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** Removes trailing factors of ten, then lowers the exponent to a multiple of three. */
function canonicalDecimal(d: Decimal): Decimal {
  let { mantissa, exponent } = d;
  while (mantissa !== 0n && mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(r);
  exponent -= r;
  return { mantissa, exponent };
}

function integerValue(d: Decimal): bigint | undefined {
  if (d.exponent >= 0) return d.mantissa * 10n ** BigInt(d.exponent);
  const divisor = 10n ** BigInt(-d.exponent);
  return d.mantissa % divisor === 0n ? d.mantissa / divisor : undefined;
}

function formatDecimal(d: Decimal, format: QuantityFormat): string {
  const c = canonicalDecimal(d);
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_BY_EXPONENT.get(c.exponent);
    if (suffix !== undefined) return `${c.mantissa}${suffix}`;
  }
  return c.exponent === 0 ? `${c.mantissa}` : `${c.mantissa}e${c.exponent}`;
}

/**
 * The canonical form of a quantity given as a string (or a number, as JSON may carry it).
 * Returns `0` for an absent quantity (Go's zero Quantity) and the input unchanged when it does
 * not parse.
 */
export function formatQuantity(quantity: unknown): string {
  if (quantity === undefined || quantity === null) return '0';
  const text = typeof quantity === 'number' ? String(quantity) : typeof quantity === 'string' ? quantity : undefined;
  if (text === undefined) return String(quantity);
  const parsed = parseQuantity(text);
  if (!parsed) return text;
  const { value } = parsed;
  let { format } = parsed;
  if (value.mantissa === 0n) return '0';
  let integer: bigint | undefined;
  if (format === 'BinarySI') {
    integer = integerValue(value);
    if (integer === undefined || abs(integer) < 1024n) format = 'DecimalSI';
  }
  if (format !== 'BinarySI' || integer === undefined) return formatDecimal(value, format);
  let power = 0;
  while (integer % 1024n === 0n && power < 6) {
    integer /= 1024n;
    power += 1;
  }
  return `${integer}${BINARY_BY_POWER.get(power) ?? ''}`;
}
