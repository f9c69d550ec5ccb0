import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { CliError } from './cli-errors.js';

/** An object read from a manifest, with where it came from (for messages). */
export interface Manifest {
  object: KubeObject;
  source: string;
}

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/** Reads all of stdin as text. */
export async function readStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads `-f` arguments like kubectl: a file, a directory (its .yaml, .yml and .json files in name
 * order; subdirectories with `recursive`), or `-` for stdin. YAML streams may hold several
 * documents; `kind: List` (and `*List`) objects are expanded into their items. Empty documents are
 * skipped. Errors name the file and are one line.
 */
export async function readManifests(paths: string[], recursive = false): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(...parseManifestText(await readStdin(), 'STDIN'));
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`the path "${p}" does not exist`);
    }
    const files = st.isDirectory() ? listDir(p, recursive) : [p];
    for (const f of files) out.push(...parseManifestText(readFileSync(f, 'utf8'), f));
  }
  return out;
}

function listDir(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (recursive) out.push(...listDir(full, true));
    } else if (manifestExtensions.has(extname(name).toLowerCase())) out.push(full);
  }
  return out;
}

/** Parses one YAML or JSON text into objects. */
export function parseManifestText(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new CliError(`error parsing ${source}: ${doc.errors[0]!.message.split('\n')[0]}`);
    const value = doc.toJSON() as unknown;
    if (value === null || value === undefined) continue;
    expand(value, source, out);
  }
  return out;
}

function expand(value: unknown, source: string, out: Manifest[]): void {
  if (typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`error validating ${source}: a manifest must be an object with apiVersion and kind`);
  const o = value as KubeObject & { items?: unknown[] };
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    for (const item of o.items) expand(item, source, out);
    return;
  }
  if (!o.apiVersion || !o.kind)
    throw new CliError(
      `error validating data from ${source}: ${!o.apiVersion ? 'apiVersion' : 'kind'} not set (every object needs apiVersion and kind)`,
    );
  o.metadata ??= {};
  out.push({ object: o, source });
}
