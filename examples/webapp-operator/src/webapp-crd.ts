import { fileURLToPath } from 'node:url';
import type { KubeClient, KubeObject } from '../../../sdk/index.js';
import { AlreadyExistsError, builtin } from '../../../sdk/index.js';
import { readCrdDocuments } from '../../../sdk/codegen/index.js';

/**
 * The folder of the WebApp CRD. This module runs from the repository's dist/ (the root tsconfig
 * compiles the example), so the path climbs back to the source tree; in an operator project the
 * CRDs sit next to dist/ instead (see `capstan operator init`).
 */
export const webAppCrdDirectory = fileURLToPath(
  new URL('../../../../examples/webapp-operator/config/crd/', import.meta.url),
);

/** Creates the WebApp CRD where missing and waits until it is Established. */
export async function installWebAppCrd(client: KubeClient, dir: string = webAppCrdDirectory): Promise<void> {
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
      if (i === 500) throw new Error(`CustomResourceDefinition ${crd.metadata.name} is not Established`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
