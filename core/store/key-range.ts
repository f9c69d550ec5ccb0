/**
 * Key ordering and prefix ranges shared by the drivers. Keys are ordered by their UTF-8 bytes
 * (as SQLite's BINARY collation and etcd order them), which is the same as Unicode code point order.
 */

/**
 * The smallest key greater than every key that starts with `prefix`, or `undefined` when no such
 * bound exists (empty prefix, or a prefix made only of U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  let p = prefix;
  while (p.length > 0) {
    const last = p.codePointAt(p.length - 1)!;
    // codePointAt on a trailing low surrogate gives the surrogate itself; step back to the pair's start.
    const isPairTail = p.length >= 2 && last >= 0xdc00 && last <= 0xdfff && isHighSurrogate(p.charCodeAt(p.length - 2));
    const cpStart = isPairTail ? p.length - 2 : p.length - 1;
    const cp = p.codePointAt(cpStart)!;
    if (cp < 0x10ffff) {
      const next = cp + 1 === 0xd800 ? 0xe000 : cp + 1;
      return p.slice(0, cpStart) + String.fromCodePoint(next);
    }
    p = p.slice(0, cpStart);
  }
  return undefined;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Compares two keys in UTF-8 byte order (negative, zero or positive). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
    if (x >= 0xd800 && y >= 0xd800 && x <= 0xdfff !== y <= 0xdfff) return x <= 0xdfff ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
