import type { KubeObject } from '../api/kube-object.js';
import { AlreadyExistsError } from '../client/api-error.js';
import type { KubeClient } from '../client/kube-client.js';
import { builtin } from '../builtin-resources.js';
import { isCrdDocument, type CrdDocument } from '../codegen/crd-document.js';
import { readCrdDocuments } from '../codegen/read-crds.js';

/** A CRD to install: the object itself, or a file, folder or http(s) URL holding CRD YAML/JSON. */
export type CrdSource = string | CrdDocument | Record<string, unknown>;

/** The CRD documents of the sources, in order. Throws for an object that is not a CRD or a source without any. */
export async function resolveCrdSources(sources: readonly CrdSource[]): Promise<CrdDocument[]> {
  const out: CrdDocument[] = [];
  for (const s of sources) {
    if (typeof s === 'string') {
      const docs = await readCrdDocuments(s);
      if (docs.length === 0) throw new Error(`no CustomResourceDefinition found in ${s}`);
      out.push(...docs);
    } else if (isCrdDocument(s)) out.push(s);
    else throw new Error('not an apiextensions.k8s.io/v1 CustomResourceDefinition object');
  }
  return out;
}

interface CrdCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/**
 * Creates each CRD (one that exists already is left as it is) and waits until every one reports
 * `Established=True`. Rejects after `timeoutMs` naming the CRD and its conditions, e.g. when its
 * names conflict with another resource.
 */
export async function installCrds(
  client: KubeClient,
  sources: readonly CrdSource[],
  options: { timeoutMs?: number } = {},
): Promise<CrdDocument[]> {
  const crds = await resolveCrdSources(sources);
  for (const crd of crds) {
    try {
      await client.create(builtin.customResourceDefinitions, structuredClone(crd) as unknown as KubeObject);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (const crd of crds) {
    for (;;) {
      const current = await client.get(builtin.customResourceDefinitions, crd.metadata.name);
      const conditions = ((current.status as { conditions?: CrdCondition[] } | undefined)?.conditions ??
        []) as CrdCondition[];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline)
        throw new Error(
          `CustomResourceDefinition ${crd.metadata.name} is not Established: ${
            conditions.map((c) => `${c.type}=${c.status} (${c.reason ?? ''}: ${c.message ?? ''})`).join('; ') ||
            'no conditions yet'
          }`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return crds;
}
