import type { KubeObject } from '../../sdk/api/kube-object.js';
import { resourcePath, withQuery } from '../../sdk/client/resource-path.js';
import type { BaseCommand } from './base-command.js';
import { UsageError } from './cli-errors.js';
import type { KubeFlags, KubeSession } from './kube-session.js';
import { asList, formatObjects, parseObjectFormat } from './object-output.js';
import { streamLines } from './raw-stream.js';
import { parseResourceArgs } from './resource-args.js';
import { getTable, listObjects, listTable, tableAccept } from './resource-fetch.js';
import { apiVersionOf, typeName, type ApiResource } from './resource-resolver.js';
import { alignColumns, printTable, tableHeader, tableRows, type Table, type TableOptions } from './table-printer.js';

/** The flags of `capstan get`. */
export interface GetFlags extends KubeFlags {
  'all-namespaces'?: boolean;
  selector?: string;
  'field-selector'?: string;
  output?: string;
  watch?: boolean;
  'watch-only'?: boolean;
  'show-labels'?: boolean;
  'no-headers'?: boolean;
  'show-managed-fields'?: boolean;
}

interface Target {
  res: ApiResource;
  names: string[];
}

/** Runs `capstan get`; returns the data for --json. */
export async function runGet(cmd: BaseCommand, flags: GetFlags, argv: string[], json: boolean): Promise<unknown> {
  const format = json ? { kind: 'json' as const } : parseObjectFormat(flags.output);
  const requests = parseResourceArgs(argv, 'get');
  const watching = flags.watch || flags['watch-only'];
  if (flags['all-namespaces'] && flags.namespace)
    throw new UsageError('--namespace and --all-namespaces cannot be used together');
  const s = await cmd.session(flags);
  const targets: Target[] = [];
  for (const r of requests) {
    if (r.type === 'all' && !r.names.length) {
      for (const res of await s.resolver.category('all')) targets.push({ res, names: [] });
    } else targets.push({ res: await s.resolver.resolve(r.type), names: r.names });
  }
  if (watching && targets.length !== 1)
    throw new UsageError('you may only specify a single resource type with --watch');
  const namespace = flags['all-namespaces'] ? undefined : s.namespace;
  const scope = { namespace, labelSelector: flags.selector, fieldSelector: flags['field-selector'] };
  let failed = 0;

  if (format) {
    const objects: KubeObject[] = [];
    const single = targets.length === 1 && targets[0]!.names.length === 1;
    for (const t of targets) {
      if (!t.names.length) {
        if (!flags['watch-only']) objects.push(...(await listObjects(s.client, t.res, scope)));
        continue;
      }
      for (const name of t.names) {
        try {
          const o = await s.client.get(t.res, name, t.res.namespaced ? s.namespace : undefined);
          o.apiVersion = apiVersionOf(t.res);
          o.kind = t.res.kind;
          objects.push(o);
        } catch (e) {
          failed = cmd.printError(e);
        }
      }
    }
    if (!flags['show-managed-fields']) for (const o of objects) delete o.metadata.managedFields;
    if (json) {
      if (failed) cmd.fail(failed);
      return single && objects.length === 1 ? objects[0] : asList(objects);
    }
    if (objects.length || format.kind === 'jsonpath' || single) {
      if (objects.length || !single) process.stdout.write(formatObjects(objects, format, single));
    } else if (!failed && !watching) cmd.note(noResources(targets, namespace));
    if (watching) await watchObjects(s, targets[0]!, scope, format);
    if (failed) cmd.fail(failed);
    return undefined;
  }

  const options: TableOptions = {
    wide: flags.output === 'wide',
    withNamespace: flags['all-namespaces'],
    showLabels: flags['show-labels'],
    noHeaders: flags['no-headers'],
  };
  const printed: string[] = [];
  let firstTable: Table | undefined;
  for (const t of targets) {
    const o: TableOptions = { ...options, withNamespace: options.withNamespace && t.res.namespaced };
    if (targets.length > 1) o.kindPrefix = typeName(t.res);
    let table: Table | undefined;
    if (t.names.length) {
      for (const name of t.names) {
        try {
          const one = await getTable(s.client, t.res, name, s.namespace);
          if (!table) table = one;
          else table.rows.push(...one.rows);
        } catch (e) {
          failed = cmd.printError(e);
        }
      }
    } else if (!flags['watch-only']) table = await listTable(s.client, t.res, scope);
    firstTable ??= table;
    if (table?.rows.length) printed.push(printTable(table, o));
  }
  if (printed.length) process.stdout.write(printed.join('\n'));
  else if (!failed && !watching) cmd.note(noResources(targets, namespace));
  if (watching) await watchTable(s, targets[0]!, scope, options, firstTable, Boolean(printed.length));
  if (failed) cmd.fail(failed);
  return undefined;
}

function noResources(targets: Target[], namespace: string | undefined): string {
  const namespaced = targets.some((t) => t.res.namespaced);
  return namespaced && namespace ? `No resources found in ${namespace} namespace.` : 'No resources found';
}

function watchPath(
  t: Target,
  scope: { namespace?: string; labelSelector?: string; fieldSelector?: string },
  rv?: string,
) {
  const fieldSelector =
    t.names.length === 1
      ? [`metadata.name=${t.names[0]}`, scope.fieldSelector].filter(Boolean).join(',')
      : scope.fieldSelector;
  return withQuery(resourcePath(t.res, t.res.namespaced ? scope.namespace : undefined), {
    watch: 'true',
    labelSelector: scope.labelSelector,
    fieldSelector,
    resourceVersion: rv,
  });
}

/** Follows a watch with a Table Accept header, printing each event's row (kubectl's get -w). */
async function watchTable(
  s: KubeSession,
  t: Target,
  scope: { namespace?: string; labelSelector?: string; fieldSelector?: string },
  options: TableOptions,
  initial: Table | undefined,
  headerPrinted: boolean,
): Promise<void> {
  const o = { ...options, withNamespace: options.withNamespace && t.res.namespaced };
  let columns = initial?.columnDefinitions ?? [];
  let needHeader = !headerPrinted && !o.noHeaders;
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const line of streamLines(
      s.transport,
      watchPath(t, scope, initial?.metadata?.resourceVersion),
      { Accept: tableAccept },
      ac.signal,
    )) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as {
        type: string;
        object: Table & { kind?: string; message?: string; reason?: string };
      };
      if (ev.type === 'BOOKMARK') continue;
      if (ev.type === 'ERROR') {
        process.stdout.write(
          alignColumns([
            ['STATUS', 'REASON', 'MESSAGE'],
            ['Failure', ev.object.reason ?? '', ev.object.message ?? ''],
          ]),
        );
        return;
      }
      const table = ev.object;
      if (table.kind !== 'Table') continue;
      if (table.columnDefinitions?.length) columns = table.columnDefinitions;
      const full: Table = { columnDefinitions: columns, rows: table.rows ?? [] };
      const lines = tableRows(full, o);
      if (needHeader) {
        lines.unshift(tableHeader(full, o));
        needHeader = false;
      }
      process.stdout.write(alignColumns(lines));
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Follows a watch of objects, printing each in the object format. */
async function watchObjects(
  s: KubeSession,
  t: Target,
  scope: { namespace?: string; labelSelector?: string; fieldSelector?: string },
  format: NonNullable<ReturnType<typeof parseObjectFormat>>,
): Promise<void> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const list = await s.client.list(t.res, { namespace: t.res.namespaced ? scope.namespace : undefined, limit: 1 });
    for await (const ev of s.client.watch(t.res, {
      namespace: t.res.namespaced ? scope.namespace : undefined,
      labelSelector: scope.labelSelector,
      fieldSelector: t.names.length === 1 ? `metadata.name=${t.names[0]}` : scope.fieldSelector,
      resourceVersion: list.metadata.resourceVersion,
      signal: ac.signal,
    })) {
      if (ev.type === 'BOOKMARK') continue;
      delete ev.object.metadata.managedFields;
      process.stdout.write(formatObjects([ev.object], format, true));
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
