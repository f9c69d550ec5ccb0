import { stringify } from 'yaml';
import type { KubeObject } from '../../sdk/api/kube-object.js';
import { UsageError } from './cli-errors.js';
import { renderJsonPath } from './jsonpath-template.js';
import { typeName } from './resource-resolver.js';

/** The `-o` formats that print objects rather than a table. */
export type ObjectFormat =
  { kind: 'json' } | { kind: 'yaml' } | { kind: 'name' } | { kind: 'jsonpath'; template: string };

/** Parses `-o` (`json`, `yaml`, `name`, `jsonpath=...`, `jsonpath='...'`); undefined for table formats. */
export function parseObjectFormat(output: string | undefined): ObjectFormat | undefined {
  if (!output || output === 'wide') return undefined;
  if (output === 'json' || output === 'yaml' || output === 'name') return { kind: output };
  const m = /^jsonpath=(.*)$/s.exec(output);
  if (m) {
    let t = m[1]!;
    if (/^'.*'$/s.test(t)) t = t.slice(1, -1);
    return { kind: 'jsonpath', template: t };
  }
  throw new UsageError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: json,jsonpath,name,wide,yaml`,
  );
}

/** A deep copy with object keys sorted, as Go marshals maps (kubectl's -o json and -o yaml). */
export function sortKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortKeys) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}

/** `-o json`: 4-space indented, keys sorted. */
export function toJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 4)}\n`;
}

/** `-o yaml`: keys sorted, sequences not indented under their key (go-yaml style), no line folding. */
export function toYaml(v: unknown): string {
  return stringify(sortKeys(v), { indentSeq: false, lineWidth: 0, minContentWidth: 0, schema: 'yaml-1.1' });
}

/** The kubectl `List` wrapping several objects. */
export function asList(items: KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `TYPE/NAME` as `-o name` prints it: `pod/web`, `deployment.apps/web`. */
export function objectName(obj: KubeObject, group?: string): string {
  const g = group ?? (obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0]! : '');
  return `${typeName({ kind: obj.kind, group: g })}/${obj.metadata.name}`;
}

/** Prints objects in a format: one object alone, several as a List (json/yaml/jsonpath). */
export function formatObjects(objects: KubeObject[], format: ObjectFormat, single: boolean): string {
  switch (format.kind) {
    case 'name':
      return objects.map((o) => `${objectName(o)}\n`).join('');
    case 'json':
      return toJson(single && objects.length === 1 ? objects[0] : asList(objects));
    case 'yaml':
      return toYaml(single && objects.length === 1 ? objects[0] : asList(objects));
    case 'jsonpath':
      return renderJsonPath(format.template, single && objects.length === 1 ? objects[0] : asList(objects));
  }
}
