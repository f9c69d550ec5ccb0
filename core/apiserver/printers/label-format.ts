import { obj, objects, str, strings } from './field-access.js';

/**
 * Label and selector texts as apimachinery prints them (labels.FormatLabels,
 * metav1.FormatLabelSelector, LabelSelectorAsSelector(...).String()).
 */

/** `a=b,c=d` with keys sorted; `<none>` for an empty or absent map (labels.FormatLabels). */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(obj(labels)).filter(([, v]) => typeof v === 'string');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = entries.map(([k, v]) => `${k}=${v as string}`).join(',');
  return text === '' ? '<none>' : text;
}

/**
 * The selector string of a metav1.LabelSelector: requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`. Returns '' for an absent or empty selector and undefined when an
 * operator is invalid.
 */
export function labelSelectorString(selector: unknown): string | undefined {
  if (selector === undefined || selector === null) return '';
  const s = obj(selector);
  const requirements: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(obj(s.matchLabels))) {
    requirements.push({ key, text: `${key}=${str(value)}` });
  }
  for (const expr of objects(s.matchExpressions)) {
    const key = str(expr.key);
    const values = [...strings(expr.values)].sort();
    switch (str(expr.operator)) {
      case 'In':
        requirements.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        requirements.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return requirements.map((r) => r.text).join(',');
}

/** {@link labelSelectorString}, with `<none>` for an empty one and `<error>` for an invalid one. */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}
