import { UsageError } from './cli-errors.js';

/** The names an operator project is made from. */
export interface OperatorNames {
  /** The project, npm package and plugin name, e.g. `memcached-operator`. */
  name: string;
  /** The API group, e.g. `cache.example.com`. */
  group: string;
  /** The version of the first API, `v1alpha1`. */
  version: string;
  /** The kind, e.g. `Memcached`. */
  kind: string;
  /** Lower-case plural, e.g. `memcacheds`. */
  plural: string;
  /** Lower-case singular, e.g. `memcached`. */
  singular: string;
  /** kebab-case file stem of the kind (as codegen names files), e.g. `memcached`. */
  file: string;
}

/** `WebApp` -> `web-app` (the file names codegen writes). */
export function kebabOfKind(kind: string): string {
  return kind
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The English plural Kubernetes tooling uses for a lower-case kind (kubebuilder's rules). */
export function pluralOf(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

const nameRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const kindRe = /^[A-Z][A-Za-z0-9]*$/;
const groupRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Checks the NAME, --group and --kind of `operator init` and derives the rest. The kind defaults
 * to NAME without a trailing `-operator`, in PascalCase; the group to `example.com`. Throws
 * UsageError naming the bad value.
 */
export function operatorNames(name: string, options: { group?: string; kind?: string } = {}): OperatorNames {
  if (name.length > 63 || !nameRe.test(name))
    throw new UsageError(
      `invalid operator name "${name}": use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  const kind =
    options.kind ??
    name
      .replace(/-operator$/, '')
      .split('-')
      .filter(Boolean)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join('');
  if (!kindRe.test(kind))
    throw new UsageError(`invalid kind "${kind}": use PascalCase letters and digits, starting with a capital letter`);
  const group = options.group ?? 'example.com';
  if (group.length > 253 || !groupRe.test(group))
    throw new UsageError(`invalid group "${group}": use a DNS subdomain with at least one dot, like cache.example.com`);
  const singular = kind.toLowerCase();
  return { name, group, version: 'v1alpha1', kind, plural: pluralOf(singular), singular, file: kebabOfKind(kind) };
}
