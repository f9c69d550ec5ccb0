import { apiErrors } from '../status.js';

/** One requirement of a label selector, as apimachinery's labels.Requirement. */
export interface LabelRequirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt';
  values: string[];
}

/** A parsed label selector; `matches` tests a label set. An empty selector matches everything. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
}

const everything: LabelSelector = { requirements: [], matches: () => true };

/**
 * Parses the string form (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`) as apimachinery's
 * labels.Parse does. Throws a 400 StatusError naming the problem on bad syntax.
 */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text || !text.trim()) return everything;
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const s = text;
  const fail = (msg: string): never => {
    throw apiErrors.badRequest(`unable to parse requirement: ${msg}`);
  };
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const readIdent = (): string => {
    skipWs();
    const start = i;
    while (i < s.length && /[A-Za-z0-9_.\-/]/.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  while (i < s.length) {
    skipWs();
    let negate = false;
    if (s[i] === '!') {
      negate = true;
      i++;
    }
    const key = readIdent();
    if (!key) fail(`found '${s[i] ?? ''}', expected: identifier`);
    validateKey(key);
    skipWs();
    if (negate) {
      reqs.push({ key, op: '!', values: [] });
    } else if (i >= s.length || s[i] === ',') {
      reqs.push({ key, op: 'exists', values: [] });
    } else if (s.startsWith('==', i) || s.startsWith('!=', i) || s[i] === '=') {
      const op = s.startsWith('!=', i) ? '!=' : '=';
      i += s.startsWith('==', i) || op === '!=' ? 2 : 1;
      const value = readIdent();
      validateValue(value);
      reqs.push({ key, op, values: [value] });
    } else if (s[i] === '>' || s[i] === '<') {
      const op = s[i] === '>' ? 'gt' : 'lt';
      i++;
      const value = readIdent();
      if (!/^-?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      reqs.push({ key, op, values: [value] });
    } else {
      const word = readIdent();
      if (word !== 'in' && word !== 'notin') fail(`found '${word}', expected: '=', '!=', '==', 'in', notin'`);
      skipWs();
      if (s[i] !== '(') fail(`found '${s[i] ?? ''}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        const v = readIdent();
        validateValue(v);
        values.push(v);
        skipWs();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ')') {
          i++;
          break;
        }
        fail(`found '${s[i] ?? ''}', expected: ',', ')' or identifier`);
      }
      reqs.push({ key, op: word as 'in' | 'notin', values: values.filter((v) => v !== '' || values.length === 1) });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') fail(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return fromRequirements(reqs);
}

/** Builds a selector from a metav1.LabelSelector (matchLabels + matchExpressions). */
export function selectorFromLabelSelector(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}): LabelSelector {
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[e.operator as 'In'];
    if (!op) throw apiErrors.badRequest(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return fromRequirements(reqs);
}

function fromRequirements(reqs: LabelRequirement[]): LabelSelector {
  if (reqs.length === 0) return everything;
  return {
    requirements: reqs,
    matches(labels) {
      const l = labels ?? {};
      for (const r of reqs) {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        const v = l[r.key];
        switch (r.op) {
          case '=':
          case 'in':
            if (!has || !r.values.includes(v!)) return false;
            break;
          case '!=':
          case 'notin':
            if (has && r.values.includes(v!)) return false;
            break;
          case 'exists':
            if (!has) return false;
            break;
          case '!':
            if (has) return false;
            break;
          case 'gt':
          case 'lt': {
            if (!has || !/^-?\d+$/.test(v!)) return false;
            const n = Number(v);
            const bound = Number(r.values[0]);
            if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
            break;
          }
        }
      }
      return true;
    },
  };
}

function validateKey(key: string): void {
  const parts = key.split('/');
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length > 2 || !/^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name) || name.length > 63) {
    throw apiErrors.badRequest(
      `unable to parse requirement: values[0][${key}]: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
}

function validateValue(value: string): void {
  if (value === '') return;
  if (value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
    throw apiErrors.badRequest(
      `unable to parse requirement: values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
}
