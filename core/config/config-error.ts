/**
 * A configuration file that cannot be used. The message names the file and the offending key
 * (`capstan.yaml: plugins.enable[1]: must be a string, got number`).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The file, or `<inline>` for text not read from a file. */
    readonly source: string,
    /** The dotted path of the bad key (`plugins.enable[1]`), or '' for the document itself. */
    readonly field: string,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(`${source}: ${field === '' ? '' : `${field}: `}${problem}`);
  }
}
