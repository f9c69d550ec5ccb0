import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';
import type { KubeObject } from '../../../../sdk/api/kube-object.js';

/**
 * Hand-written subsets of the Kubernetes v1.32 OpenAPI schemas, with the list/map extensions the
 * real ones carry (patch strategies, list types and keys, atomic selector).
 */

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const stringMap: SchemaNode = { type: 'object', additionalProperties: str };

export const objectMeta: SchemaNode = {
  type: 'object',
  properties: {
    name: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: str, patchStrategy: 'merge', listType: 'set' },
    ownerReferences: {
      type: 'array',
      patchMergeKey: 'uid',
      patchStrategy: 'merge',
      listType: 'map',
      listMapKeys: ['uid'],
      items: {
        type: 'object',
        properties: { apiVersion: str, kind: str, name: str, uid: str, controller: { type: 'boolean' } },
      },
    },
    managedFields: { type: 'array', items: { type: 'object' } },
  },
};

const containerPort: SchemaNode = {
  type: 'object',
  properties: {
    containerPort: int,
    name: str,
    // The real schema declares `default: "TCP"` for protocol, which SSA uses for missing keys.
    protocol: { type: 'string', default: 'TCP' } as SchemaNode,
  },
};

const container: SchemaNode = {
  type: 'object',
  properties: {
    name: str,
    image: str,
    args: { type: 'array', items: str },
    command: { type: 'array', items: str },
    ports: {
      type: 'array',
      items: containerPort,
      patchMergeKey: 'containerPort',
      patchStrategy: 'merge',
      listType: 'map',
      listMapKeys: ['containerPort', 'protocol'],
    },
    env: {
      type: 'array',
      patchMergeKey: 'name',
      patchStrategy: 'merge',
      items: { type: 'object', properties: { name: str, value: str } },
    },
    resources: {
      type: 'object',
      properties: { limits: stringMap, requests: stringMap },
    },
  },
};

const podSpec: SchemaNode = {
  type: 'object',
  properties: {
    containers: {
      type: 'array',
      items: container,
      patchMergeKey: 'name',
      patchStrategy: 'merge',
      listType: 'map',
      listMapKeys: ['name'],
    },
    nodeSelector: { type: 'object', additionalProperties: str, mapType: 'atomic' },
    restartPolicy: str,
  },
};

const labelSelector: SchemaNode = {
  type: 'object',
  mapType: 'atomic',
  properties: { matchLabels: stringMap },
};

export const deploymentSchema: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        selector: labelSelector,
        template: { type: 'object', properties: { metadata: objectMeta, spec: podSpec } },
        paused: { type: 'boolean' },
      },
    },
    status: {
      type: 'object',
      properties: {
        replicas: int,
        readyReplicas: int,
        conditions: {
          type: 'array',
          patchMergeKey: 'type',
          patchStrategy: 'merge',
          listType: 'map',
          listMapKeys: ['type'],
          items: { type: 'object', properties: { type: str, status: str } },
        },
      },
    },
  },
};

export const configMapSchema: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    data: stringMap,
    binaryData: stringMap,
    immutable: { type: 'boolean' },
  },
};

/** A Deployment manifest like the ones in the Kubernetes docs. */
export function deployment(opts: {
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  containers?: unknown[];
}): KubeObject {
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: opts.containers ?? [{ name: 'web', image: opts.image ?? 'nginx:1.27' }],
      },
    },
  };
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec,
  };
}

/** A stored Deployment: the manifest plus server-set metadata and the given managedFields. */
export function stored(obj: KubeObject, managedFields?: KubeObject['metadata']['managedFields']): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: '0b7c7f8e-1b2f-4c59-9a57-3c4d5e6f7a8b',
      resourceVersion: '42',
      generation: 1,
      creationTimestamp: '2025-01-01T00:00:00Z',
      ...(managedFields ? { managedFields } : {}),
    },
  };
}

export const T0 = new Date('2025-01-01T00:00:00.000Z');
export const T1 = new Date('2025-01-01T00:05:30.123Z');
export const T2 = new Date('2025-01-01T01:00:00.999Z');
