import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { configApiVersion, configKind } from './capstan-config.js';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

/** The lists of the `plugins:` section that edits touch. */
export type PluginList = 'enable' | 'disable' | 'paths';

/** Changes to one configuration file, applied to its YAML document so that comments and order stay. */
export interface ConfigEdit {
  /** Adds `value` to `plugins.<list>` unless present; returns whether it changed anything. */
  add(list: PluginList, value: string): boolean;
  /** Removes `value` from `plugins.<list>`; returns whether it changed anything. */
  remove(list: PluginList, value: string): boolean;
  /** Whether `plugins.<list>` holds `value`. */
  has(list: PluginList, value: string): boolean;
}

/**
 * Reads the configuration file at `path` (an empty CapstanConfiguration when it does not exist),
 * lets `edit` change it, checks that the result is still a valid configuration, and writes it back
 * atomically when something changed. Returns whether the file changed. Throws ConfigError for an
 * unreadable or invalid file (before or after the edit), naming the file.
 */
export function editConfigFile(path: string, edit: (e: ConfigEdit) => void): boolean {
  const exists = existsSync(path);
  const text = exists ? readFileSync(path, 'utf8') : `apiVersion: ${configApiVersion}\nkind: ${configKind}\n`;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(path, '', `not valid YAML: ${doc.errors[0]!.message}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new ConfigError(path, '', 'must be a mapping');
  let changed = false;
  const list = (name: PluginList) => listOf(doc, path, name);
  edit({
    add(name, value) {
      const current = list(name);
      if (current.includes(value)) return false;
      if (doc.getIn(['plugins', name]) == null) doc.setIn(['plugins', name], doc.createNode([value]));
      else doc.addIn(['plugins', name], value);
      changed = true;
      return true;
    },
    remove(name, value) {
      const i = list(name).indexOf(value);
      if (i < 0) return false;
      doc.deleteIn(['plugins', name, i]);
      changed = true;
      return true;
    },
    has: (name, value) => list(name).includes(value),
  });
  if (!changed) return false;
  const out = doc.toString();
  parseConfig(out, { source: path, baseDir: dirname(path) });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, out, { mode: 0o600 });
  renameSync(tmp, path);
  return true;
}

function listOf(doc: Document, path: string, name: PluginList): string[] {
  const node = doc.getIn(['plugins', name], true);
  if (node === undefined || node === null) return [];
  if (!isSeq(node)) throw new ConfigError(path, `plugins.${name}`, 'must be a list');
  return node.items.map((i) => String((i as { value?: unknown }).value ?? i));
}
