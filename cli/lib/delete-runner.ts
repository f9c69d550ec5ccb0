import type { KubeObject } from '../../sdk/api/kube-object.js';
import { NotFoundError } from '../../sdk/client/api-error.js';
import type { BaseCommand } from './base-command.js';
import { CliError, UsageError } from './cli-errors.js';
import type { KubeFlags, KubeSession } from './kube-session.js';
import { readManifests } from './manifest-reader.js';
import { parseResourceArgs } from './resource-args.js';
import { listObjects } from './resource-fetch.js';
import { typeName, type ApiResource } from './resource-resolver.js';

/** The flags of `capstan delete`. */
export interface DeleteFlags extends KubeFlags {
  filename?: string[];
  selector?: string;
  'field-selector'?: string;
  all?: boolean;
  'all-namespaces'?: boolean;
  cascade: string;
  wait: boolean;
  timeout: number;
  'grace-period'?: number;
  'ignore-not-found'?: boolean;
}

/** One deleted object (the --json shape). */
export interface DeleteOutcome {
  kind: string;
  namespace?: string;
  name: string;
  deleted: boolean;
}

const cascades: Record<string, 'Background' | 'Foreground' | 'Orphan'> = {
  background: 'Background',
  true: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  false: 'Orphan',
};

/** Runs `capstan delete`. */
export async function runDelete(
  cmd: BaseCommand,
  flags: DeleteFlags,
  argv: string[],
  json: boolean,
): Promise<DeleteOutcome[]> {
  const propagationPolicy = cascades[flags.cascade];
  if (!propagationPolicy)
    throw new UsageError(`invalid cascade value (${flags.cascade}). Must be "background", "foreground", or "orphan".`);
  if (flags.filename?.length && argv.length) throw new UsageError('resource names cannot be given together with -f');
  const s = await cmd.session(flags);
  const targets: { res: ApiResource; name: string; namespace?: string }[] = [];
  if (flags.filename?.length) {
    for (const m of await readManifests(flags.filename)) {
      const res = await s.resolver.forKind(m.object.apiVersion!, m.object.kind!);
      if (!res)
        throw new CliError(
          `no matches for kind "${m.object.kind}" in version "${m.object.apiVersion}" (from ${m.source})`,
        );
      targets.push({ res, name: m.object.metadata.name!, namespace: m.object.metadata.namespace || s.namespace });
    }
  } else {
    for (const r of parseResourceArgs(argv, 'delete')) {
      const res = await s.resolver.resolve(r.type);
      if (r.names.length) {
        if (flags.selector || flags.all)
          throw new UsageError('names cannot be given together with --selector or --all');
        for (const name of r.names) targets.push({ res, name, namespace: s.namespace });
        continue;
      }
      if (!flags.selector && !flags['field-selector'] && !flags.all)
        throw new UsageError(`resource(s) were provided, but no name was specified (give names, -l SELECTOR or --all)`);
      const objects: KubeObject[] = await listObjects(s.client, res, {
        namespace: flags['all-namespaces'] ? undefined : s.namespace,
        labelSelector: flags.selector,
        fieldSelector: flags['field-selector'],
      });
      for (const o of objects) targets.push({ res, name: o.metadata.name!, namespace: o.metadata.namespace });
    }
    if (!targets.length) {
      cmd.note(flags['all-namespaces'] ? 'No resources found' : `No resources found in ${s.namespace} namespace.`);
      return [];
    }
  }
  const outcomes: DeleteOutcome[] = [];
  let failed = 0;
  const pending: typeof targets = [];
  for (const t of targets) {
    const namespace = t.res.namespaced ? t.namespace : undefined;
    try {
      await s.client.delete(t.res, t.name, namespace, {
        propagationPolicy,
        gracePeriodSeconds:
          flags['grace-period'] !== undefined && flags['grace-period'] >= 0 ? flags['grace-period'] : undefined,
      });
      outcomes.push({ kind: t.res.kind, namespace, name: t.name, deleted: true });
      if (!json) cmd.out(`${typeName(t.res)} "${t.name}" deleted`);
      pending.push(t);
    } catch (e) {
      if (e instanceof NotFoundError && flags['ignore-not-found']) continue;
      failed = cmd.printError(e);
    }
  }
  if (flags.wait) await waitGone(s, pending, flags.timeout);
  if (failed) cmd.fail(failed);
  return outcomes;
}

async function waitGone(
  s: KubeSession,
  targets: { res: ApiResource; name: string; namespace?: string }[],
  timeoutSeconds: number,
) {
  const deadline = timeoutSeconds > 0 ? Date.now() + timeoutSeconds * 1000 : Infinity;
  for (const t of targets) {
    for (;;) {
      try {
        const o = await s.client.get(t.res, t.name, t.res.namespaced ? t.namespace : undefined);
        if (Date.now() > deadline)
          throw new CliError(
            `timed out waiting for the condition on ${t.res.plural}/${t.name} (finalizers: ${(o.metadata.finalizers ?? []).join(', ') || 'none'})`,
          );
      } catch (e) {
        if (e instanceof NotFoundError) break;
        throw e;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
