import type { PluginsConfig } from '../config/capstan-config.js';
import type { PluginConfig } from '../../sdk/plugins/plugin-config.js';
import { PluginGraphError } from './plugin-errors.js';
import type { DiscoveredPlugin } from './plugin-source.js';

/** One plugin with what configuration decided for it. */
export interface PlannedPlugin {
  readonly plugin: DiscoveredPlugin;
  readonly enabled: boolean;
  /** Whether its failure stops the host (manifest `required` or `plugins.required`). */
  readonly required: boolean;
  /** `plugins.config.<name>`, frozen; `{}` when absent. */
  readonly config: PluginConfig;
}

/**
 * Applies configuration to the discovered plugins and orders them: enabled plugins in start order
 * (every plugin after those it requires or optionally follows; otherwise in discovery order), then
 * the disabled ones in discovery order. Throws PluginGraphError listing every problem: duplicate
 * names, configuration naming no plugin, missing or disabled required plugins, dependency cycles.
 */
export function planPlugins(discovered: readonly DiscoveredPlugin[], config: PluginsConfig): PlannedPlugin[] {
  const problems: string[] = [];
  const byName = new Map<string, DiscoveredPlugin>();
  for (const p of discovered) {
    const first = byName.get(p.manifest.name);
    if (first !== undefined) {
      problems.push(`plugin name "${p.manifest.name}" is declared twice: by ${where(first)} and by ${where(p)}`);
      continue;
    }
    byName.set(p.manifest.name, p);
  }
  const known = [...byName.keys()];
  const checkNames = (names: readonly string[], field: string) =>
    names.forEach((n, i) => {
      if (!byName.has(n)) problems.push(`${field}[${i}]: no plugin named "${n}" ${loadedList(known)}`);
    });
  checkNames(config.enable, 'plugins.enable');
  checkNames(config.disable, 'plugins.disable');
  checkNames(config.required, 'plugins.required');
  for (const n of Object.keys(config.config))
    if (!byName.has(n)) problems.push(`plugins.config.${n}: no plugin named "${n}" ${loadedList(known)}`);

  const planned = new Map<string, PlannedPlugin>();
  for (const [name, p] of byName) {
    const required = p.manifest.required === true || config.required.includes(name);
    const enabled =
      !config.disable.includes(name) &&
      (p.manifest.enabledByDefault !== false || config.enable.includes(name) || required);
    planned.set(name, { plugin: p, enabled, required, config: config.config[name] ?? Object.freeze({}) });
  }
  for (const pp of planned.values()) {
    if (!pp.enabled) continue;
    for (const dep of pp.plugin.manifest.requires ?? []) {
      const d = planned.get(dep);
      if (d === undefined) problems.push(`plugin "${pp.plugin.manifest.name}" requires "${dep}", which is not loaded`);
      else if (!d.enabled)
        problems.push(
          `plugin "${pp.plugin.manifest.name}" requires "${dep}", which is disabled${config.disable.includes(dep) ? ' by plugins.disable' : ' (add it to plugins.enable)'}`,
        );
    }
  }
  const enabled = [...planned.values()].filter((p) => p.enabled);
  const ordered = topoOrder(enabled, problems);
  if (problems.length > 0) throw new PluginGraphError(problems);
  return [...ordered, ...[...planned.values()].filter((p) => !p.enabled)];
}

/** Kahn's algorithm, picking the earliest-discovered ready plugin each time; records one cycle if stuck. */
function topoOrder(plugins: PlannedPlugin[], problems: string[]): PlannedPlugin[] {
  const names = new Set(plugins.map((p) => p.plugin.manifest.name));
  const deps = new Map<string, string[]>();
  for (const p of plugins) {
    const m = p.plugin.manifest;
    deps.set(
      m.name,
      [...(m.requires ?? []), ...(m.optional ?? [])].filter((d) => names.has(d)),
    );
  }
  const done = new Set<string>();
  const out: PlannedPlugin[] = [];
  while (out.length < plugins.length) {
    const next = plugins.find(
      (p) => !done.has(p.plugin.manifest.name) && deps.get(p.plugin.manifest.name)!.every((d) => done.has(d)),
    );
    if (next === undefined) {
      problems.push(
        `plugins form a dependency cycle: ${findCycle(
          plugins.filter((p) => !done.has(p.plugin.manifest.name)).map((p) => p.plugin.manifest.name),
          deps,
        ).join(' -> ')}`,
      );
      return out;
    }
    done.add(next.plugin.manifest.name);
    out.push(next);
  }
  return out;
}

function findCycle(remaining: string[], deps: Map<string, string[]>): string[] {
  const left = new Set(remaining);
  // Every remaining plugin has an unmet dependency among the remaining ones: walk until a repeat.
  const path: string[] = [];
  let cur = remaining[0]!;
  while (!path.includes(cur)) {
    path.push(cur);
    cur = deps.get(cur)!.find((d) => left.has(d))!;
  }
  return [...path.slice(path.indexOf(cur)), cur];
}

function where(p: DiscoveredPlugin): string {
  return p.source === 'builtin' ? `builtin ${p.location}` : `${p.source} "${p.entry ?? p.location}" (${p.location})`;
}

function loadedList(known: string[]): string {
  return known.length === 0 ? '(no plugins are loaded)' : `(loaded: ${known.join(', ')})`;
}
