import type { KubeObject } from '../../sdk/api/kube-object.js';
import type { ResourceType, TablePrinter } from '../../sdk/api/resource-type.js';
import type { ApiMachinery } from './machinery.js';
import type { ResourceRegistry } from './registry/resource-registry.js';
import { StatusError } from './status.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, checkMergePatchBody } from './patch/index.js';
import { rfc3339 } from './handlers/object-lifecycle.js';

/** Default Table columns for kinds without a printer: Name and Created At. */
const fallbackPrinter: TablePrinter = {
  columns: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Created At', type: 'date', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

/** Builds the machinery the API server uses, from the modules that implement each algorithm. */
export function createDefaultMachinery(_registry: ResourceRegistry): ApiMachinery {
  return {
    schemaFor: () => undefined,
    unknownFields: () => [],
    pruneUnknownFields: () => undefined,
    printer: (type: ResourceType) => type.strategy?.printer ?? fallbackPrinter,
    table(type, objects, options) {
      const printer = this.printer(type);
      return {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        metadata: { resourceVersion: options.resourceVersion, continue: options.continue, remainingItemCount: options.remainingItemCount },
        columnDefinitions: printer.columns.map((c) => ({ format: '', description: '', ...c })),
        rows: objects.map((o) => ({
          cells: printer.cells(o, options.now),
          object:
            options.includeObject === 'Object'
              ? o
              : options.includeObject === 'None'
                ? undefined
                : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
        })),
      };
    },
    mergePatch: (original, patch) => {
      checkMergePatchBody(patch);
      return applyMergePatch(original, patch);
    },
    jsonPatch: (original, ops) => applyJsonPatch(original, ops),
    strategicMergePatch: (original, patch, schema) => {
      checkMergePatchBody(patch);
      return applyStrategicMergePatch(original, patch, schema);
    },
    apply({ live, applied, manager, apiVersion, now }) {
      const object = (live ? mergePatch(live, applied) : applied) as KubeObject;
      object.metadata.managedFields = [{ manager, operation: 'Apply', apiVersion, time: rfc3339(now), fieldsType: 'FieldsV1', fieldsV1: {} }];
      return { ok: true, object };
    },
    trackUpdate: () => undefined,
    conflictStatus: (conflicts) => ({ message: `Apply failed with ${conflicts.length} conflicts`, causes: [] }),
    decodeProtobuf() {
      throw new StatusError(415, 'UnsupportedMediaType', 'protobuf is not supported yet');
    },
  };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const t = (typeof target === 'object' && target !== null && !Array.isArray(target) ? target : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete t[k];
    else t[k] = mergePatch(t[k], v);
  }
  return t;
}
