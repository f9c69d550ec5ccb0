/**
 * The subset of kubectl JSONPath that CRD additionalPrinterColumns use: `.a.b`, `['a.b']`,
 * `[0]`, `[-1]`, `[*]`, and filters such as `[?(@.type=="Ready")]` (`==`, `!=`, `<`, `>`,
 * `<=`, `>=`, or bare existence `[?(@.x)]`). Missing keys yield no result, as with
 * AllowMissingKeys(true).
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: Step[]; op?: string; value?: unknown };

/** A parsed path; evaluate with {@link evaluateJsonPath}. */
export interface CompiledJsonPath {
  readonly source: string;
  readonly steps: readonly Step[];
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(stopAt?: string): Step[] {
    const steps: Step[] = [];
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (stopAt !== undefined && stopAt.includes(c)) break;
      if (c === '.') {
        this.pos++;
        if (this.text[this.pos] === '.') throw new Error('recursive descent is not supported');
        const name = this.readName();
        if (name === '') {
          if (this.pos >= this.text.length) break;
          continue;
        }
        steps.push(name === '*' ? { kind: 'wildcard' } : { kind: 'field', name });
      } else if (c === '[') {
        steps.push(this.readBracket());
      } else if (c === ' ') {
        if (stopAt === undefined) throw new Error(`unexpected space at ${this.pos}`);
        break;
      } else if (steps.length === 0) {
        const name = this.readName();
        if (name === '') throw new Error(`unexpected ${JSON.stringify(c)} at ${this.pos}`);
        steps.push({ kind: 'field', name });
      } else {
        throw new Error(`unexpected ${JSON.stringify(c)} at ${this.pos}`);
      }
    }
    return steps;
  }

  private readName(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !'.[]()=!<> '.includes(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private expect(s: string): void {
    if (!this.text.startsWith(s, this.pos)) throw new Error(`expected ${JSON.stringify(s)} at ${this.pos}`);
    this.pos += s.length;
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private readQuoted(): string {
    const quote = this.text[this.pos]!;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos];
      this.pos++;
    }
    this.expect(quote);
    return out;
  }

  private readBracket(): Step {
    this.expect('[');
    this.skipSpaces();
    const c = this.text[this.pos];
    let step: Step;
    if (c === "'" || c === '"') {
      step = { kind: 'field', name: this.readQuoted() };
    } else if (c === '*') {
      this.pos++;
      step = { kind: 'wildcard' };
    } else if (c === '?') {
      this.pos++;
      this.expect('(');
      this.skipSpaces();
      this.expect('@');
      const path = this.parse(' =!<>)');
      this.skipSpaces();
      let op: string | undefined;
      let value: unknown;
      const m = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.pos));
      if (m) {
        op = m[1]!;
        this.pos += op.length;
        this.skipSpaces();
        value = this.readLiteral();
        this.skipSpaces();
      }
      this.expect(')');
      step = { kind: 'filter', path, op, value };
    } else {
      const m = /^-?\d+/.exec(this.text.slice(this.pos));
      if (!m) throw new Error(`unsupported bracket expression at ${this.pos}`);
      this.pos += m[0].length;
      step = { kind: 'index', index: Number(m[0]) };
    }
    this.skipSpaces();
    this.expect(']');
    return step;
  }

  private readLiteral(): unknown {
    const c = this.text[this.pos];
    if (c === "'" || c === '"') return this.readQuoted();
    const m = /^(true|false|-?\d+(?:\.\d+)?)/.exec(this.text.slice(this.pos));
    if (!m) throw new Error(`unsupported literal at ${this.pos}`);
    this.pos += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    return Number(m[0]);
  }
}

/**
 * Compiles a path such as `.spec.replicas` (with or without surrounding `{}`). Throws an Error
 * for syntax this subset does not support.
 */
export function compileJsonPath(path: string): CompiledJsonPath {
  let text = path.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  const parser = new Parser(text);
  return { source: path, steps: parser.parse() };
}

function step(values: unknown[], s: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (s.kind) {
      case 'field':
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, s.name)) {
          out.push((v as Record<string, unknown>)[s.name]);
        }
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = s.index < 0 ? v.length + s.index : s.index;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'wildcard':
        if (Array.isArray(v)) out.push(...v);
        else if (typeof v === 'object' && v !== null) out.push(...Object.values(v));
        break;
      case 'filter':
        if (Array.isArray(v)) out.push(...v.filter((item) => matches(item, s)));
        break;
    }
  }
  return out;
}

function matches(item: unknown, s: Extract<Step, { kind: 'filter' }>): boolean {
  const found = run(item, s.path);
  if (s.op === undefined) return found.length > 0;
  if (found.length === 0) return false;
  const left = found[0];
  const right = s.value;
  switch (s.op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== 'number' || typeof right !== 'number') return false;
      if (s.op === '<') return left < right;
      if (s.op === '>') return left > right;
      if (s.op === '<=') return left <= right;
      return left >= right;
    }
  }
}

function run(root: unknown, steps: readonly Step[]): unknown[] {
  let values: unknown[] = [root];
  for (const s of steps) values = step(values, s);
  return values;
}

/** All values the path selects in `root`, in document order (empty when a key is missing). */
export function evaluateJsonPath(path: CompiledJsonPath, root: unknown): unknown[] {
  return run(root, path.steps);
}
