/**
 * Colour for people, never for pipes: escapes are written only when the stream is a TTY and
 * NO_COLOR is unset (https://no-color.org), or when FORCE_COLOR asks for them.
 */

/** True when `stream` should get ANSI colours. */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Paints text with an SGR code when colours are enabled for the stream. */
export interface Painter {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

/** A painter for one stream (stdout by default). */
export function painter(stream: NodeJS.WriteStream = process.stdout, env = process.env): Painter {
  const on = colourEnabled(stream, env);
  const sgr = (open: number, close: number) => (t: string) => (on ? `\u001b[${open}m${t}\u001b[${close}m` : t);
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}
