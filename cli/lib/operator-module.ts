import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manager } from '../../sdk/runtime/manager.js';
import { CliError } from './cli-errors.js';
import { operatorEntry } from './operator-template.js';

/**
 * What an operator project's entry module exports (`src/operator.ts` of `capstan operator init`):
 * `addControllers` is required; `crdDirectory` names CRDs to install before the manager starts.
 */
export interface OperatorModule {
  /** Adds the operator's controllers to a manager that the caller then starts. */
  addControllers(manager: Manager): void | Promise<void>;
  /** The operator's name (logs, Lease, event source); default the package name. */
  operatorName?: string;
  /** Folder (or file) of the operator's CRDs. */
  crdDirectory?: string;
}

/** A loaded operator project. */
export interface LoadedOperator {
  name: string;
  entry: string;
  module: OperatorModule;
}

/**
 * Loads the operator of the project in `dir`: package.json `capstan.operator` (default
 * `./dist/src/operator.js`). Throws CliError when the package, the built entry or its
 * `addControllers` export is missing.
 */
export async function loadOperatorProject(dir: string): Promise<LoadedOperator> {
  const pkgFile = join(dir, 'package.json');
  if (!existsSync(pkgFile))
    throw new CliError(`${dir} has no package.json: run capstan operator run in an operator project (--dir)`);
  let pkg: { name?: string; capstan?: { operator?: string } };
  try {
    pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as typeof pkg;
  } catch (e) {
    throw new CliError(`cannot read ${pkgFile}: ${(e as Error).message}`);
  }
  const entry = resolve(dir, pkg.capstan?.operator ?? operatorEntry);
  if (!existsSync(entry)) throw new CliError(`${entry} does not exist: build the project first (npm run build)`);
  let mod: Partial<OperatorModule>;
  try {
    mod = (await import(pathToFileURL(entry).href)) as Partial<OperatorModule>;
  } catch (e) {
    throw new CliError(`cannot import ${entry}: ${(e as Error).message}`);
  }
  if (typeof mod.addControllers !== 'function') throw new CliError(`${entry} does not export addControllers(manager)`);
  return {
    name: typeof mod.operatorName === 'string' ? mod.operatorName : (pkg.name ?? 'operator'),
    entry,
    module: mod as OperatorModule,
  };
}
