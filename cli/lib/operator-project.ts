import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { generateCrdTypes, parseCrdDocuments, type CompileSchema } from '../../sdk/codegen/index.js';
import { CliError } from './cli-errors.js';
import { operatorNames, type OperatorNames } from './operator-names.js';
import { crdYaml, operatorProjectFiles, type TemplateDeps } from './operator-template.js';

/** Capstan's installation folder (the one holding its package.json and dist/). */
export function capstanRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
}

/** The dependency versions a new project uses: Capstan by `file:`, the others as Capstan pins them. */
export function templateDeps(root = capstanRoot()): TemplateDeps {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const dev = pkg.devDependencies ?? {};
  return {
    capstanRoot: root,
    ava: dev.ava ?? '^6.4.1',
    typescript: dev.typescript ?? '~5.9.3',
    typesNode: dev['@types/node'] ?? '^20.19.0',
  };
}

/** What `operator init` made. */
export interface CreatedProject {
  dir: string;
  names: OperatorNames;
  /** Paths relative to `dir`, sorted. */
  files: string[];
}

/**
 * Writes a new operator project into `dir` (default `./NAME`): the template files, and the types
 * of its CRD from the same codegen as `capstan sdk generate` (importing `capstan/sdk`). Throws
 * CliError when `dir` exists and is not empty; UsageError for bad names.
 */
export async function createOperatorProject(options: {
  name: string;
  group?: string;
  kind?: string;
  dir?: string;
  deps?: TemplateDeps;
}): Promise<CreatedProject> {
  const names = operatorNames(options.name, { group: options.group, kind: options.kind });
  const dir = resolve(options.dir ?? names.name);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`${dir} exists and is not empty; choose another --dir`);
  const files = operatorProjectFiles(names, options.deps ?? templateDeps());
  const crds = parseCrdDocuments(crdYaml(names), `${names.plural}.${names.group}`);
  const generated = await generateCrdTypes(crds, {
    compile: compile as unknown as CompileSchema,
    sdkImport: 'capstan/sdk',
  });
  for (const g of generated) files.push({ path: `src/generated/${g.path}`, content: g.content });
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  return { dir, names, files: files.map((f) => f.path).sort() };
}
