import { parseDocument } from 'yaml';
import {
  configApiVersion,
  configKind,
  pluginsKeys,
  topLevelKeys,
  type CapstanConfig,
  type PluginsConfig,
} from './capstan-config.js';
import { ConfigError } from './config-error.js';

/** Where the text came from, for messages and for resolving relative plugin paths. */
export interface ParseConfigOptions {
  /** Shown in error messages (default `<inline>`). */
  source?: string;
  /** Folder that relative paths are resolved from (default the current directory). */
  baseDir?: string;
}

type Json = Record<string, unknown>;

/**
 * Parses and validates configuration YAML. An empty document is an empty configuration.
 * Throws ConfigError naming the first bad key (YAML syntax errors name the line and column).
 */
export function parseConfig(text: string, options: ParseConfigOptions = {}): CapstanConfig {
  const source = options.source ?? '<inline>';
  const baseDir = options.baseDir ?? process.cwd();
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const pos = syntax.linePos?.[0];
    const where = pos === undefined ? '' : `line ${pos.line}, column ${pos.col}: `;
    const what = firstLine(syntax.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(source, '', `invalid YAML: ${where}${what}`);
  }
  const raw: unknown = doc.toJS();
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(source, field, problem);
  };
  if (raw === null || raw === undefined) {
    return { plugins: emptyPlugins(), source, baseDir };
  }
  if (!isMapping(raw)) fail('', `must be a mapping of ${topLevelKeys.join(', ')}, got ${typeName(raw)}`);
  const top = raw as Json;
  rejectUnknown(top, topLevelKeys, '', fail);
  if (top.apiVersion !== undefined && top.apiVersion !== configApiVersion)
    fail('apiVersion', `must be ${JSON.stringify(configApiVersion)}, got ${JSON.stringify(top.apiVersion)}`);
  if (top.kind !== undefined && top.kind !== configKind)
    fail('kind', `must be ${JSON.stringify(configKind)}, got ${JSON.stringify(top.kind)}`);

  let plugins = emptyPlugins();
  if (top.plugins !== undefined && top.plugins !== null) {
    if (!isMapping(top.plugins)) fail('plugins', `must be a mapping, got ${typeName(top.plugins)}`);
    plugins = parsePlugins(top.plugins as Json, fail);
  }
  let scheduler: Json | undefined;
  if (top.scheduler !== undefined && top.scheduler !== null) {
    if (!isMapping(top.scheduler)) fail('scheduler', `must be a mapping, got ${typeName(top.scheduler)}`);
    scheduler = deepFreeze(top.scheduler as Json);
  }
  const config: CapstanConfig = {
    plugins,
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(top.simulatedNodes === undefined ? {} : { simulatedNodes: deepFreeze(top.simulatedNodes) }),
    source,
    baseDir,
  };
  return Object.freeze(config);
}

function parsePlugins(p: Json, fail: (field: string, problem: string) => never): PluginsConfig {
  rejectUnknown(p, pluginsKeys, 'plugins', fail);
  const names = (key: 'enable' | 'disable' | 'required' | 'paths'): string[] => {
    const v = p[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) fail(`plugins.${key}`, `must be a list of strings, got ${typeName(v)}`);
    const list = v as unknown[];
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (typeof item !== 'string') fail(`plugins.${key}[${i}]`, `must be a string, got ${typeName(item)}`);
      const s = item as string;
      if (s.trim() === '') fail(`plugins.${key}[${i}]`, 'must not be empty');
      if (seen.has(s)) fail(`plugins.${key}[${i}]`, `duplicate entry ${JSON.stringify(s)}`);
      seen.add(s);
    });
    return list as string[];
  };
  const enable = names('enable');
  const disable = names('disable');
  const required = names('required');
  const paths = names('paths');
  disable.forEach((n, i) => {
    if (enable.includes(n)) fail(`plugins.disable[${i}]`, `${JSON.stringify(n)} is also listed in plugins.enable`);
    if (required.includes(n)) fail(`plugins.disable[${i}]`, `${JSON.stringify(n)} is also listed in plugins.required`);
  });
  const config: Record<string, Json> = {};
  if (p.config !== undefined && p.config !== null) {
    if (!isMapping(p.config))
      fail('plugins.config', `must be a mapping of plugin name to settings, got ${typeName(p.config)}`);
    for (const [name, settings] of Object.entries(p.config as Json)) {
      if (settings === null) {
        config[name] = Object.freeze({});
        continue;
      }
      if (!isMapping(settings)) fail(`plugins.config.${name}`, `must be a mapping, got ${typeName(settings)}`);
      config[name] = deepFreeze(settings as Json);
    }
  }
  return Object.freeze({
    enable: Object.freeze(enable),
    disable: Object.freeze(disable),
    required: Object.freeze(required),
    paths: Object.freeze(paths),
    config: Object.freeze(config),
  });
}

function emptyPlugins(): PluginsConfig {
  return Object.freeze({ enable: [], disable: [], required: [], paths: [], config: {} });
}

function rejectUnknown(
  obj: Json,
  known: readonly string[],
  prefix: string,
  fail: (field: string, problem: string) => never,
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const field = prefix === '' ? key : `${prefix}.${key}`;
      fail(field, `unknown field ${JSON.stringify(field)} (known fields: ${known.join(', ')})`);
    }
  }
}

function isMapping(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'mapping';
  return typeof v;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
