import test from 'ava';
import { createHash } from 'node:crypto';
import type { ResourceType } from '../../../../sdk/api/resource-type.js';
import { OpenApiDocuments } from '../../../../core/apiserver/openapi/openapi-documents.js';
import { createOpenApiProvider } from '../../../../core/apiserver/openapi/openapi-provider.js';
import { ResourceRegistry } from '../../../../core/apiserver/registry/resource-registry.js';
import type { RawSchema } from '../../../../core/apiserver/openapi/definitions.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pods: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Pod',
  plural: 'pods',
  singular: 'pod',
  namespaced: true,
  statusSubresource: true,
  schemaName: 'io.k8s.api.core.v1.Pod',
};
const namespaces: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  namespaced: false,
  schemaName: 'io.k8s.api.core.v1.Namespace',
};
const deployments: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  namespaced: true,
  statusSubresource: true,
  scaleSubresource: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  schemaName: 'io.k8s.api.apps.v1.Deployment',
};
const widgets: ResourceType = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  singular: 'widget',
  namespaced: true,
  schemaName: 'com.example.v1.Widget',
};
const widgetSchema: RawSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    spec: { type: 'object', properties: { size: { type: 'integer' } } },
  },
};

function makeDocs(types: ResourceType[] = [pods, namespaces, deployments, widgets]): OpenApiDocuments {
  return new OpenApiDocuments(() => types, { extraDefinitions: () => ({ 'com.example.v1.Widget': widgetSchema }) });
}

const v3 = (docs: OpenApiDocuments, path: string): Json => JSON.parse(docs.v3Document(path)!.body);

test('the v3 index lists every served group version with a content hash', (t) => {
  const docs = makeDocs();
  const index = JSON.parse(docs.v3Index());
  t.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/apps/v1', 'apis/example.com/v1']);
  for (const [path, entry] of Object.entries(index.paths as Record<string, { serverRelativeURL: string }>)) {
    const doc = docs.v3Document(path)!;
    t.is(entry.serverRelativeURL, `/openapi/v3/${path}?hash=${doc.hash}`);
    t.is(doc.hash, createHash('sha512').update(doc.body).digest('hex').toUpperCase());
  }
  t.is(docs.v3Document('apis/batch/v1'), undefined);
});

test('the PATCH operation has what kubectl checks: GVK object, fieldValidation, the four patch types', (t) => {
  const doc = v3(makeDocs(), 'apis/apps/v1');
  t.is(doc.openapi, '3.0.0');
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
  t.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  const params = patch.parameters.map((p: Json) => p.name);
  for (const name of ['fieldValidation', 'dryRun', 'fieldManager', 'force']) t.true(params.includes(name), name);
  t.is(patch.parameters.find((p: Json) => p.name === 'fieldValidation').in, 'query');
  t.deepEqual(Object.keys(patch.requestBody.content).sort(), [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
  ]);
  const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch;
  t.deepEqual(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  t.truthy(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
});

test('custom resources get no strategic-merge-patch content type', (t) => {
  const doc = v3(makeDocs(), 'apis/example.com/v1');
  const patch = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch;
  t.false('application/strategic-merge-patch+json' in patch.requestBody.content);
  t.true('application/merge-patch+json' in patch.requestBody.content);
  t.deepEqual(doc.components.schemas['com.example.v1.Widget']['x-kubernetes-group-version-kind'], [
    { group: 'example.com', kind: 'Widget', version: 'v1' },
  ]);
});

test('collection and item paths carry the CRUD operations, namespaced and cluster-scoped', (t) => {
  const doc = v3(makeDocs(), 'api/v1');
  const coll = doc.paths['/api/v1/namespaces/{namespace}/pods'];
  t.deepEqual(
    Object.keys(coll)
      .filter((k) => k !== 'parameters')
      .sort(),
    ['delete', 'get', 'post'],
  );
  t.is(coll.post.parameters.find((p: Json) => p.name === 'fieldValidation').in, 'query');
  t.deepEqual(coll.post['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
  t.is(coll.get.operationId, 'listCoreV1NamespacedPod');
  const item = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
  t.deepEqual(
    Object.keys(item)
      .filter((k) => k !== 'parameters')
      .sort(),
    ['delete', 'get', 'patch', 'put'],
  );
  t.is(
    item.get.responses['200'].content['application/json'].schema.$ref,
    '#/components/schemas/io.k8s.api.core.v1.Pod',
  );
  t.truthy(doc.paths['/api/v1/pods'].get);
  t.truthy(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].patch);
  t.truthy(doc.paths['/api/v1/namespaces/{name}'].patch);
  t.is(doc.paths['/api/v1/namespaces/{namespace}/namespaces'], undefined);
});

test('components hold every reachable schema for kubectl explain, refs in allOf', (t) => {
  const doc = v3(makeDocs(), 'api/v1');
  const schemas = doc.components.schemas;
  t.deepEqual(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [
    { group: '', kind: 'Pod', version: 'v1' },
  ]);
  for (const name of [
    'io.k8s.api.core.v1.PodSpec',
    'io.k8s.api.core.v1.Container',
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
    'io.k8s.apimachinery.pkg.api.resource.Quantity',
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    'io.k8s.api.core.v1.PodList',
  ]) {
    t.truthy(schemas[name], name);
  }
  t.false('io.k8s.api.apps.v1.Deployment' in schemas);
  const spec = schemas['io.k8s.api.core.v1.Pod'].properties.spec;
  t.deepEqual(spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }]);
  t.regex(spec.description, /^PodSpec is a description of a pod/);
  const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers;
  t.deepEqual(containers.items, { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' });
  t.is(containers['x-kubernetes-patch-merge-key'], 'name');
  t.deepEqual(schemas['io.k8s.api.core.v1.PodSpec'].required, ['containers']);
  // No swagger-2 refs leak into a v3 document.
  t.false(JSON.stringify(doc).includes('#/definitions/'));
});

test('the v2 document has the same definitions and swagger-2 operations', (t) => {
  const doc = JSON.parse(makeDocs().v2());
  t.is(doc.swagger, '2.0');
  t.truthy(doc.definitions['io.k8s.api.apps.v1.Deployment']);
  t.truthy(doc.definitions['io.k8s.api.core.v1.Pod']);
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
  t.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  t.true(patch.consumes.includes('application/strategic-merge-patch+json'));
  t.is(
    patch.parameters.find((p: Json) => p.in === 'body').schema.$ref,
    '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  );
  t.false(JSON.stringify(doc).includes('#/components/'));
});

test('documents are cached until invalidate()', (t) => {
  const types = [pods];
  const docs = makeDocs(types);
  const first = docs.v3Index();
  t.is(docs.v3Index(), first);
  types.push(deployments);
  t.is(docs.v3Index(), first);
  docs.invalidate();
  t.not(docs.v3Index(), first);
  t.truthy(docs.v3Document('apis/apps/v1'));
});

test('the registry-following provider rebuilds after a registry change', (t) => {
  const registry = new ResourceRegistry();
  registry.register(pods);
  const provider = createOpenApiProvider(registry);
  t.deepEqual(Object.keys(JSON.parse(provider.v3Index()).paths), ['api/v1']);
  registry.register(deployments);
  t.deepEqual(Object.keys(JSON.parse(provider.v3Index()).paths), ['api/v1', 'apis/apps/v1']);
  registry.unregister('apps', 'v1', 'deployments');
  t.is(provider.v3Document('apis/apps/v1'), undefined);
  provider.close();
});
