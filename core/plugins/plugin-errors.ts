/** A plugin module that cannot be found, imported, or does not export a valid manifest. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
  constructor(
    /** The entry as written (a path, a package name, or the built-in folder). */
    readonly entry: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The loaded plugins do not form a valid set: duplicate names, configuration naming no plugin,
 * missing or disabled dependencies, dependency cycles. `problems` lists every one found.
 */
export class PluginGraphError extends Error {
  override readonly name = 'PluginGraphError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `invalid plugin set: ${problems[0]}`
        : `invalid plugin set:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** A required plugin failed to register or start; the host has stopped what it had started. */
export class PluginStartError extends Error {
  override readonly name = 'PluginStartError';
  constructor(
    readonly plugin: string,
    readonly phase: 'register' | 'start',
    cause: unknown,
  ) {
    super(`required plugin "${plugin}" failed to ${phase}: ${errorText(cause)}`, { cause });
  }
}

/** The message of an error, or the value as text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
