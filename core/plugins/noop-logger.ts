import type { Logger } from '../../sdk/plugins/logger.js';

/** A logger that drops everything (the host's default when none is given). */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};
