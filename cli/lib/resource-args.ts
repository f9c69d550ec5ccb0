import { UsageError } from './cli-errors.js';

/** A resource type as typed and the names asked for (none: all of them). */
export interface ResourceRequest {
  type: string;
  names: string[];
}

/**
 * Parses kubectl's resource arguments: `TYPE [NAME...]`, `TYPE1,TYPE2`, or `TYPE/NAME...`.
 * Requests for the same type are merged, in first-seen order.
 */
export function parseResourceArgs(args: string[], command: string): ResourceRequest[] {
  if (!args.length)
    throw new UsageError(
      `you must specify the type of resource to ${command}, e.g. 'capstan ${command} pods' (see 'capstan ${command} --help')`,
    );
  const out: ResourceRequest[] = [];
  const add = (type: string, name?: string) => {
    let r = out.find((x) => x.type === type);
    if (!r) out.push((r = { type, names: [] }));
    if (name !== undefined) r.names.push(name);
  };
  if (args.some((a) => a.includes('/'))) {
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash <= 0 || slash === a.length - 1)
        throw new UsageError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'capstan ${command} pod/web'), got "${a}"`,
        );
      add(a.slice(0, slash), a.slice(slash + 1));
    }
    return out;
  }
  const [types, ...names] = args as [string, ...string[]];
  const list = types.split(',').filter(Boolean);
  if (list.length > 1 && names.length)
    throw new UsageError(`names cannot be given with several resource types ("${types}"); use TYPE/NAME instead`);
  for (const t of list) {
    add(t);
    for (const n of names) add(t, n);
  }
  return out;
}
