/**
 * The configuration file (`capstan up --config FILE`), YAML:
 *
 * ```yaml
 * apiVersion: capstan.dev/v1alpha1   # optional; this value when present
 * kind: CapstanConfiguration         # optional; this value when present
 * plugins:
 *   enable: [simulated-nodes]        # plugins that are off by default to turn on
 *   disable: [some-builtin]          # plugins to turn off (never in both lists)
 *   required: [default-scheduler]    # plugins whose failure stops the control plane
 *   paths:                           # more plugins to load, after the built-ins:
 *     - ./plugins/prefer-label       #   a folder or file, relative to this file (starts with . or /)
 *     - capstan-plugin-foo           #   or an npm package name, resolved from this file's folder
 *   config:                          # each plugin's own settings, by plugin name
 *     prefer-label: { label: disktype }
 * scheduler: {}                      # KubeSchedulerConfiguration-shaped; the scheduler validates it
 * simulatedNodes: 3                  # owned and validated by the simulated-nodes plugin
 * ```
 *
 * Unknown keys are errors. Every list and mapping may be omitted.
 */
export interface CapstanConfig {
  readonly plugins: PluginsConfig;
  /** The `scheduler:` mapping as written, validated by the scheduler; undefined when absent. */
  readonly scheduler?: Readonly<Record<string, unknown>>;
  /** The `simulatedNodes:` value as written, validated by the simulated-nodes plugin; undefined when absent. */
  readonly simulatedNodes?: unknown;
  /** The file the configuration came from, or `<inline>`. */
  readonly source: string;
  /** Where relative plugin paths and npm package names are resolved from (the file's folder). */
  readonly baseDir: string;
}

/** The `plugins:` section. */
export interface PluginsConfig {
  /** Names of plugins that are off by default (`enabledByDefault: false`) to turn on. */
  readonly enable: readonly string[];
  /** Names of plugins to turn off. */
  readonly disable: readonly string[];
  /** Names of plugins whose failure to register or start stops the host. */
  readonly required: readonly string[];
  /** Plugin locations: a path (starting with `.` or `/`, relative to `baseDir`) or an npm package name. */
  readonly paths: readonly string[];
  /** Each plugin's own settings, by plugin name. */
  readonly config: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The top-level keys the file may hold. */
export const topLevelKeys = ['apiVersion', 'kind', 'plugins', 'scheduler', 'simulatedNodes'] as const;

/** The keys of the `plugins:` section. */
export const pluginsKeys = ['enable', 'disable', 'required', 'paths', 'config'] as const;

/** The accepted `apiVersion` and `kind`. */
export const configApiVersion = 'capstan.dev/v1alpha1';
export const configKind = 'CapstanConfiguration';

/** A configuration with nothing set: built-ins with their defaults. */
export function emptyConfig(baseDir: string = process.cwd()): CapstanConfig {
  return {
    plugins: { enable: [], disable: [], required: [], paths: [], config: {} },
    source: '<inline>',
    baseDir,
  };
}
