import type { CapstanPlugin } from '../../sdk/plugins/capstan-plugin.js';

const nameRe = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const semverRe =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** The problems of a manifest (empty when valid). */
export function manifestProblems(m: CapstanPlugin): string[] {
  const problems: string[] = [];
  if (m.name.length > 63 || !nameRe.test(m.name))
    problems.push(
      `name ${JSON.stringify(m.name)} must be at most 63 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit`,
    );
  if (!semverRe.test(m.version))
    problems.push(`version ${JSON.stringify(m.version)} is not a semantic version (like 1.2.3)`);
  for (const key of ['requires', 'optional'] as const) {
    const list: unknown = m[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      problems.push(`${key} must be a list of plugin names`);
      continue;
    }
    if ((list as string[]).includes(m.name)) problems.push(`${key} names the plugin itself`);
  }
  for (const key of ['required', 'enabledByDefault'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'boolean') problems.push(`${key} must be true or false`);
  }
  return problems;
}
