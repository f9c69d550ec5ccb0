import type { SchemaNode } from '../../../../core/apiserver/schema/schema-node.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const stringMap: SchemaNode = { type: 'object', additionalProperties: str };

function mergeList(items: SchemaNode, mergeKey: string, strategy = 'merge'): SchemaNode {
  return { type: 'array', items, patchMergeKey: mergeKey, patchStrategy: strategy };
}

/** ObjectMeta as the Kubernetes OpenAPI describes it for strategic merge patch. */
export function objectMetaSchema(): SchemaNode {
  return {
    type: 'object',
    properties: {
      name: str,
      namespace: str,
      labels: stringMap,
      annotations: stringMap,
      finalizers: { type: 'array', items: str, patchStrategy: 'merge' },
      ownerReferences: mergeList(
        { type: 'object', properties: { uid: str, name: str, kind: str, apiVersion: str } },
        'uid',
      ),
    },
  };
}

/** A PodSpec with the core/v1 patch metadata of the fields the tests touch. */
export function podSpecSchema(): SchemaNode {
  const port: SchemaNode = { type: 'object', properties: { containerPort: int, protocol: str, name: str } };
  const env: SchemaNode = { type: 'object', properties: { name: str, value: str } };
  const volumeMount: SchemaNode = {
    type: 'object',
    properties: { name: str, mountPath: str, readOnly: { type: 'boolean' } },
  };
  const container: SchemaNode = {
    type: 'object',
    properties: {
      name: str,
      image: str,
      args: { type: 'array', items: str },
      ports: mergeList(port, 'containerPort'),
      env: mergeList(env, 'name'),
      volumeMounts: mergeList(volumeMount, 'mountPath'),
      resources: { type: 'object', properties: { limits: stringMap, requests: stringMap } },
    },
  };
  const toleration: SchemaNode = {
    type: 'object',
    properties: { key: str, operator: str, value: str, effect: str },
  };
  const volume: SchemaNode = {
    type: 'object',
    properties: {
      name: str,
      emptyDir: { type: 'object', properties: { medium: str } },
      hostPath: { type: 'object', properties: { path: str } },
      configMap: { type: 'object', properties: { name: str } },
    },
  };
  return {
    type: 'object',
    properties: {
      containers: mergeList(container, 'name'),
      initContainers: mergeList(container, 'name'),
      tolerations: { type: 'array', items: toleration },
      volumes: mergeList(volume, 'name', 'merge,retainKeys'),
      nodeSelector: stringMap,
      nodeName: str,
    },
  };
}

/** A Pod: metadata, spec, and status with conditions merged by type. */
export function podSchema(): SchemaNode {
  const condition: SchemaNode = { type: 'object', properties: { type: str, status: str, reason: str } };
  return {
    type: 'object',
    properties: {
      apiVersion: str,
      kind: str,
      metadata: objectMetaSchema(),
      spec: podSpecSchema(),
      status: { type: 'object', properties: { phase: str, conditions: mergeList(condition, 'type') } },
    },
  };
}

/** A Deployment: template holds a PodSpec; `strategy` carries `retainKeys` as in apps/v1. */
export function deploymentSchema(): SchemaNode {
  return {
    type: 'object',
    properties: {
      metadata: objectMetaSchema(),
      spec: {
        type: 'object',
        properties: {
          replicas: int,
          template: { type: 'object', properties: { metadata: objectMetaSchema(), spec: podSpecSchema() } },
          strategy: {
            type: 'object',
            patchStrategy: 'retainKeys',
            properties: {
              type: str,
              rollingUpdate: { type: 'object', properties: { maxSurge: int, maxUnavailable: int } },
            },
          },
        },
      },
    },
  };
}

/**
 * apimachinery's strategicpatch test type `MergeItem` (testdata/swagger-merge-item.json): a
 * recursive type, so the schema graph is cyclic as resolved OpenAPI graphs are.
 */
export function mergeItemSchema(): SchemaNode {
  const item: Mutable<SchemaNode> = { type: 'object' };
  const retainKeysItem: SchemaNode = {
    type: 'object',
    patchStrategy: 'retainKeys',
    properties: {
      name: str,
      value: str,
      other: str,
      simpleMap: stringMap,
      mergingIntList: { type: 'array', items: int, patchStrategy: 'merge' },
      mergingList: mergeList(item, 'name'),
      nonMergingList: { type: 'array', items: item },
    },
  };
  item.properties = {
    name: str,
    value: str,
    other: str,
    mergingList: mergeList(item, 'name'),
    nonMergingList: { type: 'array', items: item },
    mergingIntList: { type: 'array', items: int, patchStrategy: 'merge' },
    nonMergingIntList: { type: 'array', items: int },
    mergeItemPtr: { ...mergeList(item, 'name') },
    simpleMap: stringMap,
    replacingItem: { type: 'object', patchStrategy: 'replace' },
    retainKeysMap: retainKeysItem,
    retainKeysMergingList: mergeList(item, 'name', 'merge,retainKeys'),
  };
  return item;
}

/** Freezes a JSON value recursively, so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** True when no object or array reachable from `value` is frozen (the result owns all its parts). */
export function ownsNothingFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Object.isFrozen(value)) return false;
  return Object.values(value as object).every(ownsNothingFrozen);
}
