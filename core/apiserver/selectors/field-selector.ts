import { apiErrors } from '../status.js';

/** One term of a field selector: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** A parsed field selector over the fields a kind makes selectable. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** Tests the selectable fields of one object. */
  matches(fields: Record<string, string>): boolean;
}

const everything: FieldSelector = { requirements: [], matches: () => true };

/** Parses `a=b,c!=d` (with `\,` `\=` `\\` escapes) as apimachinery's fields.ParseSelector does. */
export function parseFieldSelector(text: string | undefined): FieldSelector {
  if (!text || !text.trim()) return everything;
  const reqs: FieldRequirement[] = [];
  for (const term of splitUnescaped(text, ',')) {
    const m = /^(.*?)(==|!=|=)(.*)$/s.exec(term);
    if (!m) throw apiErrors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    reqs.push({ field: unescape(m[1]!.trim()), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) });
  }
  return {
    requirements: reqs,
    matches(fields) {
      for (const r of reqs) {
        const v = fields[r.field] ?? '';
        if ((v === r.value) !== (r.op === '=')) return false;
      }
      return true;
    },
  };
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i]! + s[i + 1]!;
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out.filter((t) => t.length > 0);
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
