/** Token of the structured logger the host gives each plugin (a pino logger in Capstan). */
export const Logger = Symbol.for('capstan.dev/Logger');

/**
 * Writes one structured log line: either a message, or an object of fields then a message
 * (pino's calling convention). Never throws.
 */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * The structured logger plugins write to. Every line carries a `component` field; the host's
 * logger for a plugin also carries `plugin: <name>`.
 */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose lines also carry `bindings` (for example `{ component: 'my-controller' }`). */
  child(bindings: Record<string, unknown>): Logger;
}
