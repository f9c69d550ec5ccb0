import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isCrdDocument, type CrdDocument } from './crd-document.js';

/** The CRDs in a YAML or JSON text (multi-document YAML and `List`s included); other kinds are skipped. */
export function parseCrdDocuments(text: string, source = 'input'): CrdDocument[] {
  const out: CrdDocument[] = [];
  const docs = parseAllDocuments(text);
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length > 0) throw new Error(`${source}: ${d.errors[0]!.message}`);
    const value = d.toJS() as unknown;
    const items =
      value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)
        ? ((value as { items: unknown[] }).items as unknown[])
        : [value];
    for (const item of items) if (isCrdDocument(item)) out.push(item);
  }
  return out;
}

const crdFile = /\.(ya?ml|json)$/i;

/**
 * Reads CRDs from a file, a directory (its `.yaml`, `.yml` and `.json` files, recursively, in
 * name order) or an http(s) URL. Throws when the source cannot be read or parsed.
 */
export async function readCrdDocuments(source: string): Promise<CrdDocument[]> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    return parseCrdDocuments(await res.text(), source);
  }
  if (statSync(source).isDirectory()) {
    const out: CrdDocument[] = [];
    for (const name of readdirSync(source).sort()) {
      const path = join(source, name);
      if (statSync(path).isDirectory()) out.push(...(await readCrdDocuments(path)));
      else if (crdFile.test(name)) out.push(...parseCrdDocuments(readFileSync(path, 'utf8'), path));
    }
    return out;
  }
  return parseCrdDocuments(readFileSync(source, 'utf8'), source);
}
