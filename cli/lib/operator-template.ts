import type { OperatorNames } from './operator-names.js';

/** One file of a new operator project, its path relative to the project folder. */
export interface TemplateFile {
  path: string;
  content: string;
}

/** What the project depends on: where Capstan is installed, and the versions the repository pins. */
export interface TemplateDeps {
  /** Capstan's installation folder (the `file:` dependency; Capstan is not published). */
  capstanRoot: string;
  ava: string;
  typescript: string;
  typesNode: string;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** The operator module's contract with `capstan operator run` (see cli/lib/operator-module.ts). */
export const operatorEntry = './dist/src/operator.js';
/** The plugin module `plugins.paths` loads (package.json `capstan.plugin`). */
export const pluginEntry = './dist/src/plugin.js';

/** The CRD of the project's kind: spec.image and spec.replicas, status with conditions, status and scale subresources. */
export function crdYaml(n: OperatorNames): string {
  return `# The ${n.kind} resource. After changing it, regenerate the types: npm run generate
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${n.plural}.${n.group}
spec:
  group: ${n.group}
  scope: Namespaced
  names:
    plural: ${n.plural}
    singular: ${n.singular}
    kind: ${n.kind}
    listKind: ${n.kind}List
  versions:
    - name: ${n.version}
      served: true
      storage: true
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.selector
      additionalPrinterColumns:
        - { name: Image, type: string, jsonPath: .spec.image }
        - { name: Desired, type: integer, jsonPath: .spec.replicas }
        - { name: Ready, type: integer, jsonPath: .status.replicas }
        - { name: Age, type: date, jsonPath: .metadata.creationTimestamp }
      schema:
        openAPIV3Schema:
          description: ${n.kind} runs an image as a Deployment.
          type: object
          properties:
            spec:
              description: The desired state.
              type: object
              required: [image]
              properties:
                image:
                  description: The container image to run.
                  type: string
                  minLength: 1
                replicas:
                  description: How many pods to run.
                  type: integer
                  minimum: 0
                  default: 1
            status:
              description: The observed state.
              type: object
              properties:
                observedGeneration:
                  description: The generation this status describes.
                  type: integer
                replicas:
                  description: Pods ready.
                  type: integer
                selector:
                  description: The label selector of the pods (for the scale subresource).
                  type: string
                conditions:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [type]
                  items:
                    type: object
                    required: [type, status, reason]
                    properties:
                      type: { type: string }
                      status: { type: string, enum: ['True', 'False', 'Unknown'] }
                      observedGeneration: { type: integer }
                      lastTransitionTime: { type: string, format: date-time }
                      reason: { type: string }
                      message: { type: string }
`;
}

/**
 * The files of a new operator project, except `src/generated/` (written by the codegen of
 * `capstan sdk generate`). Deterministic for the same names and dependencies.
 */
export function operatorProjectFiles(n: OperatorNames, deps: TemplateDeps): TemplateFile[] {
  const resource = `${lowerFirst(n.kind)}Resource`;
  const generated = `./generated/${n.group}/${n.version}/index.js`;
  const label = `${n.group}/${n.singular}`;
  const pkg = {
    name: n.name,
    version: '0.1.0',
    description: `A Capstan operator for ${n.plural}.${n.group}`,
    private: true,
    type: 'module',
    engines: { node: '>=20.19' },
    scripts: {
      build: 'tsc -p tsconfig.json',
      generate: `capstan sdk generate --crd config/crd --out src/generated`,
      test: 'tsc -p tsconfig.json && ava',
      start: 'capstan operator run',
    },
    capstan: { plugin: pluginEntry, operator: operatorEntry },
    dependencies: { capstan: `file:${deps.capstanRoot}` },
    devDependencies: { '@types/node': deps.typesNode, ava: deps.ava, typescript: deps.typescript },
    ava: { files: ['dist/test/**/*.test.js'], timeout: '60s' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: ['node'],
      strict: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      sourceMap: true,
      outDir: 'dist',
      rootDir: '.',
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  };
  return [
    { path: 'package.json', content: `${JSON.stringify(pkg, null, 2)}\n` },
    { path: 'tsconfig.json', content: `${JSON.stringify(tsconfig, null, 2)}\n` },
    { path: '.gitignore', content: 'node_modules/\ndist/\n' },
    {
      path: 'capstan.yaml',
      content: `# capstan up --config capstan.yaml: the control plane loads this folder as a plugin.
plugins:
  paths:
    - .
`,
    },
    { path: `config/crd/${n.plural}.${n.group}.yaml`, content: crdYaml(n) },
    {
      path: `config/samples/${n.singular}.yaml`,
      content: `apiVersion: ${n.group}/${n.version}
kind: ${n.kind}
metadata:
  name: ${n.singular}-sample
spec:
  image: nginx:1.27
  replicas: 2
`,
    },
    {
      path: `src/${n.file}-reconciler.ts`,
      content: `import {
  builtin,
  setControllerReference,
  setStatusCondition,
  type KubeObject,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
  type Request,
} from 'capstan/sdk';
import { ${resource}, type ${n.kind} } from '${generated}';

/** The field manager of this operator's server-side applies. */
export const fieldManager = '${n.name}';
/** The label that selects a ${n.kind}'s pods. */
export const ${lowerFirst(n.kind)}Label = '${label}';

/**
 * Makes the world match a ${n.kind}: a Deployment of spec.image with spec.replicas pods, owned by
 * the ${n.kind} (the garbage collector deletes it after the ${n.kind}), and a status with the
 * ready pods and a Ready condition. Level-based: it reads the current state each time and must be
 * idempotent.
 */
export class ${n.kind}Reconciler implements Reconciler {
  async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult> {
    const current = await ctx.cache.get(${resource}, req.name, req.namespace);
    if (!current || current.metadata.deletionTimestamp) return;
    const replicas = current.spec?.replicas ?? 1;
    const labels = { [${lowerFirst(n.kind)}Label]: req.name };
    const deployment: KubeObject = setControllerReference(current, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: req.name, namespace: req.namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'main', image: current.spec!.image }] },
        },
      },
    });
    const applied = await ctx.client.apply(builtin.deployments, deployment, { fieldManager, force: true });
    const ready = (applied.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;

    const next: ${n.kind} = structuredClone(current);
    next.status = {
      ...next.status,
      observedGeneration: current.metadata.generation,
      replicas: ready,
      selector: \`\${${lowerFirst(n.kind)}Label}=\${req.name}\`,
    };
    setStatusCondition(
      next,
      ready >= replicas
        ? { type: 'Ready', status: 'True', reason: 'AllReplicasReady', message: \`\${ready}/\${replicas} ready\` }
        : { type: 'Ready', status: 'False', reason: 'ReplicasNotReady', message: \`\${ready}/\${replicas} ready\` },
    );
    if (JSON.stringify(next.status) !== JSON.stringify(current.status))
      await ctx.client.patch(${resource}, req.name, { status: next.status }, 'merge', {
        namespace: req.namespace,
        subresource: 'status',
      });
  }
}
`,
    },
    {
      path: 'src/operator.ts',
      content: `import { fileURLToPath } from 'node:url';
import { builtin, type Manager } from 'capstan/sdk';
import { ${resource}, type ${n.kind} } from '${generated}';
import { ${n.kind}Reconciler } from './${n.file}-reconciler.js';

/**
 * The operator module: \`capstan operator run\` imports it (package.json \`capstan.operator\`),
 * installs the CRDs of \`crdDirectory\`, and calls \`addControllers\` on a Manager it starts.
 */
export const operatorName = '${n.name}';

/** The folder of this operator's CRDs (config/crd, from dist/src/operator.js). */
export const crdDirectory = fileURLToPath(new URL('../../config/crd/', import.meta.url));

/** Adds this operator's controllers to a manager. */
export function addControllers(manager: Manager): void {
  manager.addController<${n.kind}>({
    name: '${n.singular}',
    for: ${resource},
    owns: [builtin.deployments],
    reconciler: new ${n.kind}Reconciler(),
  });
}
`,
    },
    {
      path: 'src/crds.ts',
      content: `import { AlreadyExistsError, builtin, type KubeClient, type KubeObject } from 'capstan/sdk';
import { readCrdDocuments } from 'capstan/sdk/codegen';
import { crdDirectory } from './operator.js';

/** Creates this operator's CRDs where missing and waits until they are Established. */
export async function installCrds(client: KubeClient, dir: string = crdDirectory): Promise<void> {
  for (const crd of await readCrdDocuments(dir)) {
    try {
      await client.create(builtin.customResourceDefinitions, crd as unknown as KubeObject);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    for (let i = 0; ; i++) {
      const current = await client.get(builtin.customResourceDefinitions, crd.metadata.name);
      const conditions = (current.status as { conditions?: Array<{ type: string; status: string }> } | undefined)
        ?.conditions;
      if (conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (i === 500) throw new Error(\`CustomResourceDefinition \${crd.metadata.name} is not Established\`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
`,
    },
    {
      path: 'src/plugin.ts',
      content: `import { Manager, type KubeClient, type ManagerOptions } from 'capstan/sdk';
import {
  definePlugin,
  KubeClientService,
  Leadership,
  leadComponent,
  Lifecycle,
  type LedComponent,
  type PluginContext,
} from 'capstan/sdk/plugins';
import { installCrds } from './crds.js';
import { addControllers, operatorName } from './operator.js';

/**
 * The operator as a Capstan plugin: list this folder under \`plugins.paths\` of the configuration
 * file and \`capstan up --config FILE\` runs it inside the control plane (leader-elected when the
 * control plane is). It installs its CRDs on start.
 */
export default definePlugin({
  name: operatorName,
  version: '0.1.0',
  description: 'Reconciles ${n.plural}.${n.group}',
  register({ bind }) {
    bind<Lifecycle>(Lifecycle).toResolvedValue<[KubeClient, Leadership | undefined]>(
      (client, leadership) => {
        let led: LedComponent | undefined;
        return {
          async start(ctx: PluginContext) {
            await installCrds(client);
            led = await leadComponent(ctx, leadership, operatorName, async () => {
              const manager = new Manager({ client, logger: ctx.logger as unknown as ManagerOptions['logger'] });
              addControllers(manager);
              await manager.start();
              return manager;
            });
          },
          async stop() {
            await led?.done;
          },
        };
      },
      [KubeClientService, { serviceIdentifier: Leadership, optional: true }],
    );
  },
});
`,
    },
    {
      path: `test/${n.file}.test.ts`,
      content: `import anyTest, { type TestFn } from 'ava';
import { builtin, Manager, NotFoundError } from 'capstan/sdk';
import { eventually, startTestCluster, type TestCluster } from 'capstan/sdk/testing';
import { ${resource}, type ${n.kind} } from '../src/${generated.slice(2)}';
import { addControllers, crdDirectory } from '../src/operator.js';

const test = anyTest as TestFn<{ cluster: TestCluster; manager: Manager }>;

// One in-process control plane (API server, controllers with garbage collection, a simulated
// node) for the file, with this operator's CRD installed and its controllers running.
test.before(async (t) => {
  const cluster = await startTestCluster({ crds: [crdDirectory] });
  t.log(\`test cluster started in \${Math.round(cluster.timings.startMs)} ms\`);
  const manager = new Manager({ client: cluster.client });
  addControllers(manager);
  await manager.start();
  t.context = { cluster, manager };
});

test.after.always(async (t) => {
  await t.context.manager?.stop();
  await t.context.cluster?.stop();
});

function sample(name: string, replicas: number): ${n.kind} {
  return {
    apiVersion: '${n.group}/${n.version}',
    kind: '${n.kind}',
    metadata: { name, namespace: 'default' },
    spec: { image: 'nginx:1.27', replicas },
  };
}

test.serial('a ${n.kind} gets a Deployment it owns, and reports Ready once its pods run', async (t) => {
  const { client } = t.context.cluster;
  const created = await client.create(${resource}, sample('first', 2));
  const deployment = await eventually(() => client.get(builtin.deployments, 'first', 'default'));
  t.is(deployment.metadata.ownerReferences?.[0]?.uid, created.metadata.uid);
  const ready = await eventually(async () => {
    const current = await client.get(${resource}, 'first', 'default');
    return current.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && current;
  });
  t.is(ready.status?.replicas, 2);
  t.is(ready.status?.observedGeneration, ready.metadata.generation);
});

test.serial('deleting a ${n.kind} removes its Deployment (garbage collection)', async (t) => {
  const { client } = t.context.cluster;
  await client.create(${resource}, sample('second', 1));
  await eventually(() => client.get(builtin.deployments, 'second', 'default'));
  await client.delete(${resource}, 'second', 'default');
  await eventually(async () => {
    try {
      await client.get(builtin.deployments, 'second', 'default');
      return false;
    } catch (err) {
      return err instanceof NotFoundError;
    }
  });
  t.pass();
});
`,
    },
    {
      path: 'README.md',
      content: `# ${n.name}

A [Capstan](${deps.capstanRoot}) operator for \`${n.plural}.${n.group}\`: each \`${n.kind}\` runs
\`spec.image\` as a Deployment of \`spec.replicas\` pods and reports them in its status.

| path | what |
|---|---|
| \`config/crd/\` | the CustomResourceDefinition (edit it, then \`npm run generate\`) |
| \`config/samples/\` | a ${n.kind} to apply |
| \`src/generated/\` | types generated from the CRD (do not edit) |
| \`src/${n.file}-reconciler.ts\` | the reconciler |
| \`src/operator.ts\` | the controllers (what \`capstan operator run\` starts) |
| \`src/plugin.ts\` | the operator as a plugin of \`capstan up\` |
| \`test/\` | tests on an in-process cluster (\`startTestCluster\`) |

## Develop

\`\`\`sh
npm install
npm test                     # builds, then runs the tests against an in-process control plane
\`\`\`

## Run against a cluster

\`\`\`sh
npx capstan up --simulated-nodes 1           # in another terminal, or use any Kubernetes cluster
npm run build
npx capstan operator run                     # the current kubeconfig; --kubeconfig FILE to choose
kubectl apply -f config/samples/${n.singular}.yaml
kubectl get ${n.plural}
\`\`\`

## Run inside \`capstan up\`

\`capstan.yaml\` names this folder under \`plugins.paths\`; the plugin (\`src/plugin.ts\`) installs the
CRD and runs the controllers inside the control plane:

\`\`\`sh
npm run build
npx capstan up --config capstan.yaml --simulated-nodes 1
\`\`\`
`,
    },
  ];
}
