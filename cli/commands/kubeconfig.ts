import { Command, Flags } from '@oclif/core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

interface Named {
  name: string;
  [k: string]: unknown;
}
interface KubeconfigFile {
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [k: string]: unknown;
}

/** `capstan kubeconfig`: prints the admin kubeconfig, or merges it into ~/.kube/config. */
export default class Kubeconfig extends Command {
  static override summary = "Print the cluster's admin kubeconfig, or merge it into your kubeconfig.";
  static override examples = [
    '<%= config.bin %> kubeconfig > capstan.yaml',
    '<%= config.bin %> kubeconfig --merge',
    '<%= config.bin %> kubeconfig --merge --file ~/.kube/other --no-set-current',
  ];
  static override flags = {
    'data-dir': Flags.string({
      description: 'data directory of the cluster (default ~/.capstan)',
      env: 'CAPSTAN_DATA_DIR',
    }),
    merge: Flags.boolean({ description: 'merge into the kubeconfig file instead of printing' }),
    file: Flags.string({
      description: 'kubeconfig file to merge into (default: first of $KUBECONFIG, else ~/.kube/config)',
    }),
    'set-current': Flags.boolean({
      description: 'make the capstan context current when merging',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Kubeconfig);
    const source = join(
      flags['data-dir'] ?? (await import('../../core/control-plane/control-plane.js')).defaultDataDir(),
      'kubeconfig.yaml',
    );
    if (!existsSync(source))
      this.error(`${source} does not exist: start the cluster first with 'capstan up'`, { exit: 1 });
    const text = readFileSync(source, 'utf8');
    if (!flags.merge) {
      process.stdout.write(text);
      return;
    }
    const target = flags.file ?? process.env.KUBECONFIG?.split(':').find(Boolean) ?? join(homedir(), '.kube', 'config');
    const ours = parse(text) as KubeconfigFile;
    let theirs: KubeconfigFile = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [],
      users: [],
      contexts: [],
      preferences: {},
    };
    if (existsSync(target)) {
      try {
        theirs = (parse(readFileSync(target, 'utf8')) as KubeconfigFile) ?? theirs;
      } catch (e) {
        this.error(`${target} is not valid YAML (${(e as Error).message}); fix it or pass --file`, { exit: 1 });
      }
    }
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      const replaced = new Set((ours[key] ?? []).map((e) => e.name));
      theirs[key] = [...(theirs[key] ?? []).filter((e) => !replaced.has(e.name)), ...(ours[key] ?? [])];
    }
    if (flags['set-current'] || !theirs['current-context']) theirs['current-context'] = ours['current-context'];
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, stringify(theirs), { mode: 0o600 });
    this.log(
      `merged context "${ours['current-context']}" into ${target}${flags['set-current'] ? ' (now current)' : ''}`,
    );
  }
}
