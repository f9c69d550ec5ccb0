import { fieldError, type FieldCause } from '../field-cause.js';

/** The regular expression apimachinery quotes when a quantity does not parse. */
export const quantityPattern = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** A parsed resource.Quantity: its value as a number, and the text it came from. */
export interface Quantity {
  readonly value: number;
  readonly text: string;
}

/**
 * Parses a Kubernetes quantity (`100m`, `1.5Gi`, `2e3`, `1`) into its numeric value; undefined
 * when it is not a quantity. Numbers (JSON integers) are accepted as they are.
 */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? { value: input, text: String(input) } : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(text);
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[2]!;
  if (!Number.isFinite(num)) return undefined;
  if (suffix in binarySuffixes) return { value: num * binarySuffixes[suffix]!, text };
  if (suffix in decimalSuffixes) return { value: num * decimalSuffixes[suffix]!, text };
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exp) return { value: num * 10 ** Number(exp[1]), text };
  return undefined;
}

/** True when `text` is a valid quantity. */
export function isQuantity(input: unknown): boolean {
  return parseQuantity(input) !== undefined;
}

/** The decode-time message for a malformed quantity (apimachinery's ErrFormatWrong). */
export function quantityFormatError(): string {
  return `quantities must match the regular expression '${quantityPattern}'`;
}

/**
 * Validates a quantity field: it must parse and not be negative (ValidateNonnegativeQuantity).
 * Returns the causes for `field`.
 */
export function validateNonnegativeQuantity(input: unknown, field: string): FieldCause[] {
  const q = parseQuantity(input);
  if (!q) return [fieldError.invalid(field, input, quantityFormatError())];
  return q.value < 0 ? [fieldError.invalid(field, String(input), 'must be greater than or equal to 0')] : [];
}

/** Compares two quantities by value (negative, zero, positive); undefined when either is invalid. */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (!qa || !qb) return undefined;
  return qa.value === qb.value ? 0 : qa.value < qb.value ? -1 : 1;
}
