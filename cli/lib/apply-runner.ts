import type { KubeObject } from '../../sdk/api/kube-object.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import type { BaseCommand } from './base-command.js';
import { CliError, UsageError } from './cli-errors.js';
import { painter } from './colour.js';
import type { KubeFlags, KubeSession } from './kube-session.js';
import { readManifests, type Manifest } from './manifest-reader.js';
import type { ApiResource } from './resource-resolver.js';
import { typeName } from './resource-resolver.js';

/** The flags of `capstan apply`. */
export interface ApplyFlags extends KubeFlags {
  filename?: string[];
  recursive?: boolean;
  'field-manager': string;
  'force-conflicts'?: boolean;
  'dry-run'?: string;
}

/** What apply did to one object (the --json shape). */
export interface ApplyOutcome {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged' | 'failed';
  error?: string;
}

/** Runs `capstan apply`: server-side apply of every object, in file order; returns the outcomes. */
export async function runApply(cmd: BaseCommand, flags: ApplyFlags, json: boolean): Promise<ApplyOutcome[]> {
  if (!flags.filename?.length) throw new UsageError('must specify one of -f and -k (use -f FILE, -f DIR or -f -)');
  const dryRun = flags['dry-run'] === 'server';
  if (flags['dry-run'] && flags['dry-run'] !== 'server' && flags['dry-run'] !== 'none')
    throw new UsageError(`Invalid dry-run value (${flags['dry-run']}). Must be "none" or "server".`);
  const manifests = await readManifests(flags.filename, flags.recursive);
  if (!manifests.length) throw new CliError('no objects passed to apply');
  const s = await cmd.session(flags);
  const outcomes: ApplyOutcome[] = [];
  const progress = manifests.length > 5 && process.stderr.isTTY && !json;
  let crdApplied = false;
  for (const [i, m] of manifests.entries()) {
    if (progress)
      process.stderr.write(
        `\r\u001b[2K[${i + 1}/${manifests.length}] ${m.object.kind} ${m.object.metadata.name ?? ''}`,
      );
    let applied: { result: ApplyOutcome; res: ApiResource };
    try {
      applied = await applyOne(s, m, flags, dryRun, crdApplied);
    } catch (e) {
      if (progress) process.stderr.write('\r\u001b[2K');
      cmd.printError(e);
      outcomes.push({
        apiVersion: m.object.apiVersion ?? '',
        kind: m.object.kind ?? '',
        namespace: m.object.metadata.namespace,
        name: m.object.metadata.name ?? '',
        action: 'failed',
        error: e instanceof Error ? e.message : String(e),
      });
      continue;
    }
    if (progress) process.stderr.write('\r\u001b[2K');
    const { result, res } = applied;
    if (res.kind === 'CustomResourceDefinition') crdApplied = true;
    outcomes.push(result);
    if (!json) cmd.out(`${typeName(res)}/${result.name} ${result.action}${dryRun ? ' (server dry run)' : ''}`);
  }
  if (!json && outcomes.length > 1) {
    const count = (a: ApplyOutcome['action']) => outcomes.filter((o) => o.action === a).length;
    const p = painter(process.stderr);
    const parts = [
      `${count('created')} created`,
      `${count('configured')} configured`,
      `${count('unchanged')} unchanged`,
    ];
    if (count('failed')) parts.push(p.red(`${count('failed')} failed`));
    cmd.note(`${outcomes.length} objects: ${parts.join(', ')}`);
  }
  if (outcomes.some((o) => o.action === 'failed')) {
    if (json) process.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
    cmd.fail(1);
  }
  return outcomes;
}

async function applyOne(
  s: KubeSession,
  m: Manifest,
  flags: ApplyFlags,
  dryRun: boolean,
  crdApplied: boolean,
): Promise<{ result: ApplyOutcome; res: ApiResource }> {
  const obj = structuredClone(m.object) as KubeObject;
  const apiVersion = obj.apiVersion!;
  const kind = obj.kind!;
  const name = obj.metadata.name;
  let res = await s.resolver.forKind(apiVersion, kind);
  for (let attempt = 0; !res && attempt < (crdApplied ? 20 : 1); attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 250));
    res = await s.resolver.forKind(apiVersion, kind, true);
  }
  if (!res)
    throw new CliError(
      `resource mapping not found for name: "${name ?? ''}" namespace: "${obj.metadata.namespace ?? ''}" from "${m.source}": no matches for kind "${kind}" in version "${apiVersion}" (ensure CRDs are installed first)`,
    );
  if (!name) throw new CliError(`error when applying "${m.source}": ${kind} has no metadata.name (apply needs a name)`);
  if (res.namespaced) {
    const own = obj.metadata.namespace;
    if (own && s.explicitNamespace && own !== s.namespace)
      throw new CliError(
        `the namespace from the provided object "${own}" does not match the namespace "${s.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
      );
    obj.metadata.namespace = own || s.namespace;
  } else delete obj.metadata.namespace;
  let before: string | undefined;
  try {
    before = (await s.client.get(res, name, obj.metadata.namespace)).metadata.resourceVersion;
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  const after = await s.client.apply(res, obj, {
    fieldManager: flags['field-manager'],
    force: Boolean(flags['force-conflicts']),
    dryRun,
    fieldValidation: 'Strict',
  });
  const action: ApplyOutcome['action'] =
    before === undefined ? 'created' : after.metadata.resourceVersion === before ? 'unchanged' : 'configured';
  return {
    res,
    result: { apiVersion, kind, namespace: obj.metadata.namespace, name, action },
  };
}
