import { CliError } from './cli-errors.js';

/**
 * kubectl's JSONPath templates (`-o jsonpath=...`): literal text and `{...}` expressions with
 * `.field`, `['field']`, `[n]`, `[-n]`, `[a:b]`, `[*]`, `..field`, `[?(@.f == "v")]` filters
 * (==, !=, <, <=, >, >=, or existence), `@` and `$`, `{range EXPR}...{end}` and `{"literal"}`.
 * Missing keys print nothing (kubectl's --allow-missing-template-keys default).
 */

type Node =
  { kind: 'text'; text: string } | { kind: 'expr'; path: string } | { kind: 'range'; path: string; body: Node[] };

/** Renders `template` against `data`. Throws a CliError for a malformed template. */
export function renderJsonPath(template: string, data: unknown): string {
  const nodes = parseTemplate(template);
  return renderNodes(nodes, data, data);
}

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1]!.push({ kind: 'text', text: template.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1]!.push({ kind: 'text', text: template.slice(i, open) });
    const close = findClose(template, open);
    if (close < 0) throw new CliError(`error parsing jsonpath ${template}: unclosed action`);
    const inner = template.slice(open + 1, close).trim();
    i = close + 1;
    const top = stack[stack.length - 1]!;
    if (/^range\s/.test(inner)) {
      const node: Node = { kind: 'range', path: inner.slice(6).trim(), body: [] };
      top.push(node);
      stack.push(node.body);
    } else if (inner === 'end') {
      if (stack.length === 1) throw new CliError(`error parsing jsonpath ${template}: not in range, nothing to end`);
      stack.pop();
    } else if (/^"(.*)"$/s.test(inner) || /^'(.*)'$/s.test(inner)) {
      top.push({ kind: 'text', text: unescape(inner.slice(1, -1)) });
    } else {
      top.push({ kind: 'expr', path: inner });
    }
  }
  if (stack.length > 1) throw new CliError(`error parsing jsonpath ${template}: unclosed range`);
  return root;
}

function findClose(s: string, open: number): number {
  let quote = '';
  for (let j = open + 1; j < s.length; j++) {
    const c = s[j]!;
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return j;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function renderNodes(nodes: Node[], current: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'expr') out += evaluate(n.path, current, root).map(formatValue).join(' ');
    else for (const item of evaluate(n.path, current, root)) out += renderNodes(n.body, item, root);
  }
  return out;
}

/** A value as kubectl's jsonpath prints it: scalars plainly, objects and arrays as JSON. */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluates one path expression; a list of results (empty when missing). */
export function evaluate(path: string, current: unknown, root: unknown): unknown[] {
  let values: unknown[];
  let rest = path.trim();
  if (rest.startsWith('$')) {
    values = [root];
    rest = rest.slice(1);
  } else if (rest.startsWith('@')) {
    values = [current];
    rest = rest.slice(1);
  } else values = [current];
  let i = 0;
  while (i < rest.length) {
    const c = rest[i]!;
    if (rest.startsWith('..', i)) {
      i += 2;
      const m = /^[\w-]+|^\*/.exec(rest.slice(i));
      const key = m ? m[0] : '';
      i += key.length;
      values = values.flatMap((v) => descend(v, key));
    } else if (c === '.') {
      i++;
      const m = /^[^.[\]]+/.exec(rest.slice(i));
      if (!m) continue;
      i += m[0].length;
      values = values.flatMap((v) => field(v, m[0]));
    } else if (c === '[') {
      const end = matchingBracket(rest, i);
      if (end < 0) throw new CliError(`error parsing jsonpath {${path}}: unterminated array`);
      const inner = rest.slice(i + 1, end).trim();
      i = end + 1;
      values = values.flatMap((v) => subscript(v, inner, root));
    } else throw new CliError(`error parsing jsonpath {${path}}: unrecognized character in action: ${c}`);
  }
  return values;
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let j = open; j < s.length; j++) {
    const c = s[j]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j;
  }
  return -1;
}

function field(v: unknown, key: string): unknown[] {
  if (key === '*') return v && typeof v === 'object' ? Object.values(v as object) : [];
  if (v && typeof v === 'object' && !Array.isArray(v) && key in (v as object))
    return [(v as Record<string, unknown>)[key]];
  return [];
}

function descend(v: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    if (!Array.isArray(x) && (key === '*' || key in (x as object)))
      out.push(...(key === '*' ? Object.values(x as object) : [(x as Record<string, unknown>)[key]]));
    for (const child of Object.values(x as object)) walk(child);
  };
  walk(v);
  return out;
}

function subscript(v: unknown, inner: string, root: unknown): unknown[] {
  if (/^'.*'$|^".*"$/.test(inner)) return field(v, inner.slice(1, -1));
  if (inner === '*') return Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [];
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    if (!Array.isArray(v)) return [];
    return v.filter((item) => filterMatches(inner.slice(2, -1), item, root));
  }
  if (!Array.isArray(v)) return [];
  const slice = /^(-?\d*)\s*:\s*(-?\d*)$/.exec(inner);
  if (slice) {
    const norm = (s: string, d: number) => (s === '' ? d : Number(s) < 0 ? v.length + Number(s) : Number(s));
    return v.slice(norm(slice[1]!, 0), norm(slice[2]!, v.length));
  }
  if (/^-?\d+$/.test(inner)) {
    const n = Number(inner);
    const idx = n < 0 ? v.length + n : n;
    return idx >= 0 && idx < v.length ? [v[idx]] : [];
  }
  throw new CliError(`error parsing jsonpath: unsupported subscript [${inner}]`);
}

function filterMatches(expr: string, item: unknown, root: unknown): boolean {
  const m = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr.trim());
  if (!m) return evaluate(expr, item, root).length > 0;
  const left = evaluate(m[1]!, item, root);
  if (!left.length) return false;
  const rhs = m[3]!.trim();
  const right: unknown = /^'.*'$|^".*"$/.test(rhs)
    ? rhs.slice(1, -1)
    : /^-?\d+(\.\d+)?$/.test(rhs)
      ? Number(rhs)
      : rhs === 'true' || rhs === 'false'
        ? rhs === 'true'
        : evaluate(rhs, item, root)[0];
  const l = left[0];
  switch (m[2]) {
    case '==':
      return l === right;
    case '!=':
      return l !== right;
    case '<':
      return (l as number) < (right as number);
    case '<=':
      return (l as number) <= (right as number);
    case '>':
      return (l as number) > (right as number);
    default:
      return (l as number) >= (right as number);
  }
}
