/** metav1.MicroTime text: RFC 3339 with six fractional digits, e.g. `2024-05-01T10:00:00.123000Z`. */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parses an RFC 3339 time (any precision) to ms since the epoch; NaN when absent or invalid. */
export function parseTime(text: string | undefined): number {
  return text ? Date.parse(text) : NaN;
}
