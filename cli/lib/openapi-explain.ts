import { CliError } from './cli-errors.js';

/** An OpenAPI v3 schema as `explain` reads it. */
export interface OpenApiSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  $ref?: string;
  enum?: unknown[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/** A group-version's OpenAPI v3 document (the part explain reads). */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** Wraps text like kubectl explain: words on lines of at most `width` characters, paragraphs kept. */
export function wrapText(text: string, width = 76): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let started = false;
    for (const word of para.split(' ')) {
      if (started && line.length + 1 + word.length > width && word) {
        out.push(line.trimEnd());
        line = word;
      } else line = started ? `${line} ${word}` : word;
      started = true;
    }
    out.push(line);
  }
  return out;
}

function refName(ref: string): string {
  const last = ref.split('/').pop() ?? ref;
  return last.split('.').pop() ?? last;
}

/** Follows `$ref` and single-element `allOf` to the schema that holds the fields. */
function deref(doc: OpenApiDocument, s: OpenApiSchema | undefined): OpenApiSchema | undefined {
  let cur = s;
  for (let i = 0; cur && i < 10; i++) {
    const ref = cur.$ref ?? (cur.allOf?.length === 1 ? cur.allOf[0]!.$ref : undefined);
    if (!ref) return cur;
    const target = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    if (!target) return cur;
    cur = { ...target, description: target.description };
  }
  return cur;
}

/** The type as kubectl explain prints it: `string`, `[]Container`, `map[string]string`, `Object`. */
export function typeLabel(doc: OpenApiDocument, s: OpenApiSchema | undefined): string {
  if (!s) return 'Object';
  const ref = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0]!.$ref : undefined);
  if (ref) {
    const target = deref(doc, s);
    if (target && target.type && target.type !== 'object' && !target.properties) return target.type;
    return refName(ref);
  }
  if (s.type === 'array') return `[]${typeLabel(doc, s.items)}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map[string]${typeLabel(doc, s.additionalProperties)}`;
  if (s.type === 'object') return 'Object';
  return s.type ?? 'Object';
}

/** Finds the schema of a group/version/kind in a document. */
export function findKindSchema(
  doc: OpenApiDocument,
  group: string,
  version: string,
  kind: string,
): OpenApiSchema | undefined {
  return Object.values(doc.components?.schemas ?? {}).find((s) =>
    (s['x-kubernetes-group-version-kind'] ?? []).some(
      (g) => g.group === group && g.version === version && g.kind === kind,
    ),
  );
}

/**
 * kubectl explain's plaintext output for a resource and a field path (`['spec', 'containers']`):
 * the kind, the field's type and description, and its fields (with `--recursive`, their tree).
 */
export function explainText(
  doc: OpenApiDocument,
  gvk: { group: string; version: string; kind: string },
  fieldPath: string[],
  recursive = false,
): string {
  const root = findKindSchema(doc, gvk.group, gvk.version, gvk.kind);
  if (!root) throw new CliError(`couldn't find resource for "${gvk.kind}" in the OpenAPI document`);
  let schema: OpenApiSchema = root;
  let field: { name: string; type: string; fieldDescription?: string } | undefined;
  const walked: string[] = [gvk.kind.toLowerCase()];
  for (const name of fieldPath) {
    let container = deref(doc, schema)!;
    while (container.type === 'array' && container.items) container = deref(doc, container.items)!;
    if (container.additionalProperties && typeof container.additionalProperties === 'object' && !container.properties)
      container = deref(doc, container.additionalProperties)!;
    const next = container.properties?.[name];
    if (!next) throw new CliError(`field "${name}" does not exist (in ${walked.join('.')})`);
    walked.push(name);
    field = { name, type: typeLabel(doc, next), fieldDescription: next.description };
    schema = next;
  }
  let resolved = deref(doc, schema)!;
  while (resolved.type === 'array' && resolved.items) resolved = deref(doc, resolved.items)!;
  const lines: string[] = [];
  if (gvk.group) lines.push(`GROUP:      ${gvk.group}`);
  lines.push(`KIND:       ${gvk.kind}`, `VERSION:    ${gvk.version}`, '');
  if (field) lines.push(`FIELD: ${field.name} <${field.type}>`, '', '');
  const description = field
    ? [field.fieldDescription, resolved !== schema ? resolved.description : undefined].filter(Boolean).join('\n')
    : (root.description ?? '');
  lines.push('DESCRIPTION:');
  for (const l of wrapText(description)) lines.push(l ? `    ${l}` : '');
  lines.push('    ');
  const props = resolved.properties ?? {};
  const names = Object.keys(props).sort();
  if (names.length) {
    lines.push('FIELDS:');
    if (recursive) recurse(doc, resolved, '  ', lines, new Set());
    else
      for (const n of names) {
        const p = props[n]!;
        const req = (resolved.required ?? []).includes(n) ? ' -required-' : '';
        lines.push(`  ${n}\t<${typeLabel(doc, p)}>${req}`);
        const d = p.description ?? deref(doc, p)?.description ?? '';
        for (const l of wrapText(d)) lines.push(`    ${l}`);
        lines.push('');
      }
  }
  lines.push('', '');
  return lines.join('\n');
}

function recurse(
  doc: OpenApiDocument,
  s: OpenApiSchema,
  indent: string,
  lines: string[],
  seen: Set<OpenApiSchema>,
): void {
  const props = s.properties ?? {};
  for (const n of Object.keys(props).sort()) {
    const p = props[n]!;
    const req = (s.required ?? []).includes(n) ? ' -required-' : '';
    lines.push(`${indent}${n}\t<${typeLabel(doc, p)}>${req}`);
    let child = deref(doc, p)!;
    while (child.type === 'array' && child.items) child = deref(doc, child.items)!;
    if (child.properties && !seen.has(child)) {
      seen.add(child);
      recurse(doc, child, `${indent}  `, lines, seen);
      seen.delete(child);
    }
  }
}
