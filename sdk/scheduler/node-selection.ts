import { labelSelectorMatches, type LabelSelector } from '../api/validation/label-selector.js';
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from './api-shapes.js';

/**
 * Matching helpers with the semantics of k8s.io/component-helpers (nodeaffinity, taints), shared
 * by the default plugins and third-party ones.
 */

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined, has: boolean): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value!);
    case 'NotIn':
      return !has || !values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const want = Number.parseInt(values[0]!, 10);
      const got = Number.parseInt(value!, 10);
      if (!/^-?\d+$/.test(values[0]!) || !/^-?\d+$/.test(value!)) return false;
      return r.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return false;
  }
}

/**
 * True when `node` satisfies the term: every matchExpression against its labels and every
 * matchFields entry (only `metadata.name`) against its fields. A term with neither matches nothing.
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs) {
    if (!requirementMatches(r, labels[r.key], Object.prototype.hasOwnProperty.call(labels, r.key))) return false;
  }
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (!requirementMatches(r, node.metadata.name, true)) return false;
  }
  return true;
}

/** True when any of the (ORed) terms matches. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** True when the toleration tolerates the taint (effect, key and operator Exists/Equal). */
export function tolerationToleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (!tol.key && tol.operator !== 'Exists') return false;
  switch (tol.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (tol.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** The first taint (passing `filter`) that no toleration tolerates; undefined when all are tolerated. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints ?? []) {
    if (!filter(taint)) continue;
    if (!(tolerations ?? []).some((tol) => tolerationToleratesTaint(tol, taint))) return taint;
  }
  return undefined;
}

/**
 * Whether a label selector selects `pod` (metav1 semantics: an absent selector selects nothing, an
 * empty one everything).
 */
export function labelSelectorMatchesPod(selector: LabelSelector | undefined, pod: Pod): boolean {
  return labelSelectorMatches(selector, pod.metadata.labels);
}
