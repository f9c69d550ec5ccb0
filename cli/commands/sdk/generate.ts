import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Flags } from '@oclif/core';
import { compile } from 'json-schema-to-typescript';
import { generateCrdTypes, readCrdDocuments, type CompileSchema } from '../../../sdk/codegen/index.js';

/** `capstan sdk generate`: TypeScript types and resource descriptors from CRDs. */
export default class SdkGenerate extends Command {
  static override summary = 'Generate TypeScript types from CustomResourceDefinitions.';
  static override description =
    'Reads CRDs from a file, a directory or a URL and writes, for every version of every CRD, a TypeScript interface for the object, its spec and its status, and a typed resource descriptor for the SDK client and informers. The output is deterministic and marked as generated.';
  static override examples = [
    '<%= config.bin %> sdk generate --crd config/crds --out src/generated',
    '<%= config.bin %> sdk generate --crd https://example.com/crds.yaml --out src/generated',
  ];
  static override flags = {
    crd: Flags.string({
      description: 'CRD file, directory of CRD files, or http(s) URL (repeatable)',
      required: true,
      multiple: true,
    }),
    out: Flags.string({ description: 'directory to write the generated files into', required: true }),
    'sdk-import': Flags.string({
      description: 'module the generated files import the SDK types from',
      default: 'capstan/sdk',
    }),
  };

  static override enableJsonFlag = true;

  async run(): Promise<{ out: string; crds: number; files: string[] }> {
    const { flags } = await this.parse(SdkGenerate);
    const crds = [];
    for (const source of flags.crd) crds.push(...(await readCrdDocuments(source)));
    if (crds.length === 0) this.error(`no CustomResourceDefinition found in ${flags.crd.join(', ')}`, { exit: 1 });
    const files = await generateCrdTypes(crds, {
      compile: compile as unknown as CompileSchema,
      sdkImport: flags['sdk-import'],
    });
    const out = resolve(flags.out);
    for (const f of files) {
      const path = join(out, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    this.log(`generated ${files.length} files for ${crds.length} CRDs in ${out}`);
    return { out, crds: crds.length, files: files.map((f) => f.path) };
  }
}
