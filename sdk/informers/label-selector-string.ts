import type { LabelSelector } from '../api/validation/label-selector.js';

/** One parsed requirement of a label selector string. */
interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parse(selector: string): Requirement[] {
  return splitTopLevel(selector).map((part): Requirement => {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^!\s*(\S+)$/))) return { key: m[1]!, op: '!', values: [] };
    if ((m = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/)))
      return {
        key: m[1]!,
        op: m[2] as 'in' | 'notin',
        values: m[3]!
          .split(',')
          .map((v) => v.trim())
          .filter((v, i, a) => v !== '' || a.length === 1),
      };
    if ((m = part.match(/^([^!=<>\s]+)\s*(==|=|!=)\s*(\S*)$/)))
      return { key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] };
    if ((m = part.match(/^([^!=<>\s]+)\s*([<>])\s*(\S+)$/)))
      return { key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', values: [m[3]!] };
    if (/^[^!=<>\s()]+$/.test(part)) return { key: part, op: 'exists', values: [] };
    throw new Error(`unable to parse requirement: ${part}`);
  });
}

/**
 * Compiles a label selector string (`a=b,c!=d,e in (f,g),!h,i`) into a predicate on label sets,
 * with the semantics of apimachinery's labels.Parse. An empty string matches everything.
 */
export function compileLabelSelector(
  selector: string | undefined,
): (labels: Record<string, string> | undefined) => boolean {
  if (!selector || !selector.trim()) return () => true;
  const reqs = parse(selector);
  return (labels) => {
    const l = labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = l[r.key];
      switch (r.op) {
        case 'in':
          return has && r.values.includes(v!);
        case 'notin':
          return !has || !r.values.includes(v!);
        case 'exists':
          return has;
        case '!':
          return !has;
        case 'gt':
          return has && Number(v) > Number(r.values[0]);
        case 'lt':
          return has && Number(v) < Number(r.values[0]);
      }
    });
  };
}

/** Renders a metav1.LabelSelector as the string a list or watch takes (as metav1.FormatLabelSelector). */
export function labelSelectorToString(selector: LabelSelector | undefined): string {
  if (!selector) return '';
  const parts: string[] = [];
  for (const k of Object.keys(selector.matchLabels ?? {}).sort()) parts.push(`${k}=${selector.matchLabels![k]}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}
