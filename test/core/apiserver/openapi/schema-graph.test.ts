import test from 'ava';
import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';
import {
  SchemaGraph,
  definitionNameOf,
  isQuantity,
  schemaFor,
} from '../../../../core/apiserver/openapi/schema-graph.js';

test('schemaFor resolves $refs into a navigable graph with the SMP and list metadata', (t) => {
  const pod = schemaFor('io.k8s.api.core.v1.Pod');
  t.truthy(pod);
  const containers = pod!.properties!.spec!.properties!.containers!;
  t.is(containers.type, 'array');
  t.is(containers.patchMergeKey, 'name');
  t.is(containers.patchStrategy, 'merge');
  t.is(containers.listType, 'map');
  t.deepEqual(containers.listMapKeys, ['name']);
  const container = containers.items!;
  t.deepEqual(container.required, ['name']);
  t.is(container.properties!.ports!.patchMergeKey, 'containerPort');
  t.deepEqual(container.properties!.ports!.listMapKeys, ['containerPort', 'protocol']);
  t.is(container.properties!.image!.type, 'string');
  t.is(pod!.properties!.spec!.properties!.nodeSelector!.mapType, 'atomic');
  t.is((pod!.properties!.metadata!.properties!.labels!.additionalProperties as SchemaNode).type, 'string');
  t.is(definitionNameOf(pod!.properties!.spec!), 'io.k8s.api.core.v1.PodSpec');
  t.regex(pod!.properties!.spec!.description ?? '', /^PodSpec is a description of a pod/);
  t.is(schemaFor('io.k8s.api.core.v1.NoSuchThing'), undefined);
});

test('wire types: IntOrString, Quantity, Time and free-form objects', (t) => {
  const svcPort = schemaFor('io.k8s.api.core.v1.ServicePort')!;
  t.true(svcPort.properties!.targetPort!.intOrString);
  t.is(svcPort.properties!.targetPort!.type, undefined);
  const limits = schemaFor('io.k8s.api.core.v1.ResourceRequirements')!.properties!.limits!;
  t.is(limits.type, 'object');
  t.true(isQuantity(limits.additionalProperties as SchemaNode));
  const meta = schemaFor('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')!;
  t.is(meta.properties!.creationTimestamp!.format, 'date-time');
  t.is(meta.properties!.managedFields!.items!.properties!.fieldsV1!.preserveUnknownFields, true);
  t.is(meta.properties!.name!.preserveUnknownFields, undefined);
  t.is(schemaFor('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')!.mapType, 'atomic');
});

test('cyclic definitions (JSONSchemaProps) resolve lazily and share nodes', (t) => {
  const crd = schemaFor('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition')!;
  const props = crd.properties!.spec!.properties!.versions!.items!.properties!.schema!.properties!.openAPIV3Schema!;
  // openAPIV3Schema -> properties (map of JSONSchemaProps) -> ... -> JSONSchemaProps again.
  const nested = (props.properties!.properties!.additionalProperties as typeof props).properties!.properties!;
  t.is(nested.type, 'object');
  t.is(definitionNameOf(props), 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
  t.is(props.properties!['x-kubernetes-validations']!.patchMergeKey, 'rule');
  // JSONSchemaPropsOrBool / JSON carry no type: free-form.
  t.true(props.properties!.additionalProperties!.preserveUnknownFields);
  t.true(props.properties!.default!.preserveUnknownFields);
  const a = schemaFor('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
  t.is(a, schemaFor('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'));
});

test('a graph over custom definitions (the shape CRDs will use)', (t) => {
  const graph = new SchemaGraph({
    'com.example.v1.Node': {
      type: 'object',
      properties: {
        name: { type: 'string' },
        children: {
          type: 'array',
          items: { $ref: '#/definitions/com.example.v1.Node' },
          'x-kubernetes-list-type': 'atomic',
        },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
      required: ['name'],
    },
  });
  const node = graph.nodeFor('com.example.v1.Node')!;
  t.is(node.properties!.children!.items, node);
  t.is(node.properties!.children!.listType, 'atomic');
  t.true(node.properties!.extra!.preserveUnknownFields);
  t.deepEqual(node.required, ['name']);
});
