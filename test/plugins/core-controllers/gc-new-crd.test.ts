import test from 'ava';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import { builtin } from '../../../sdk/builtin-resources.js';
import { NotFoundError } from '../../../sdk/client/api-error.js';
import { defineResource } from '../../../sdk/client/resource-descriptor.js';
import { setControllerReference } from '../../../sdk/runtime/owner-references.js';
import { eventually, startTestCluster } from '../../../sdk/testing/index.js';

// The garbage collector re-reads discovery every 30 s; a kind it meets before that (a CRD created
// after it started) makes it re-read discovery at once, so dependents of custom resources are
// collected without waiting for the interval.
test('dependents of a custom resource whose CRD is newer than the collector are collected', async (t) => {
  const cluster = await startTestCluster({ simulatedNodes: 0 });
  try {
    await cluster.installCrds([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'owners.gc.capstan.dev' },
        spec: {
          group: 'gc.capstan.dev',
          scope: 'Namespaced',
          names: { plural: 'owners', singular: 'owner', kind: 'Owner' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      },
    ]);
    const owners = defineResource({
      group: 'gc.capstan.dev',
      version: 'v1',
      plural: 'owners',
      kind: 'Owner',
      namespaced: true,
    });
    const owner = await cluster.client.create(owners, {
      apiVersion: 'gc.capstan.dev/v1',
      kind: 'Owner',
      metadata: { name: 'o', namespace: 'default' },
    });
    const child: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'child', namespace: 'default' },
    };
    setControllerReference(owner, child);
    await cluster.client.create(builtin.configMaps, child);
    await cluster.client.delete(owners, 'o', 'default');
    // Well inside the 30 s discovery interval.
    const collected = await eventually(
      async () => {
        try {
          await cluster.client.get(builtin.configMaps, 'child', 'default');
          return false;
        } catch (err) {
          return err instanceof NotFoundError;
        }
      },
      { timeoutMs: 15_000 },
    );
    t.true(collected, 'the child of the custom resource is collected');
  } finally {
    await cluster.stop();
  }
});
