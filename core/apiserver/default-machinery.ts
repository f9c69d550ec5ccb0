import type { ResourceType } from '../../sdk/api/resource-type.js';
import {
  apply as serverSideApply,
  conflictStatusError,
  updateManagedFields,
  type ApplyConflict,
} from './apply/server-side-apply.js';
import { buildTable } from './printers/build-table.js';
import { defaultPrinter, printerFor } from './printers/printer-registry.js';
import type { ApiMachinery } from './machinery.js';
import type { ResourceRegistry } from './registry/resource-registry.js';
import { StatusError } from './status.js';
import { decodeProtobufBodyOrThrow } from './protobuf/index.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, checkMergePatchBody } from './patch/index.js';
import { apiVersionOf } from './handlers/object-lifecycle.js';
import {
  findTypeErrors,
  findUnknownFields,
  pruneUnknownFields,
  typeMismatchError,
} from './openapi/field-validation.js';
import { schemaFor } from './openapi/schema-graph.js';

/** Builds the machinery the API server uses, from the modules that implement each algorithm. */
export function createDefaultMachinery(_registry: ResourceRegistry): ApiMachinery {
  return {
    schemaFor: (type) => (type.schemaName ? schemaFor(type.schemaName) : undefined),
    unknownFields: (obj, schema) => findUnknownFields(obj, schema),
    pruneUnknownFields: (obj, schema) => pruneUnknownFields(obj, schema),
    typeError(obj, schema, kind, version) {
      const causes = findTypeErrors(obj, schema);
      return causes.length > 0 ? typeMismatchError(kind, version, causes) : undefined;
    },
    printer: (type: ResourceType) => type.strategy?.printer ?? printerFor(type.group, type.kind) ?? defaultPrinter,
    table(type, objects, options) {
      return buildTable(this.printer(type), objects, { ...options, apiVersion: apiVersionOf(type), kind: type.kind });
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
    apply(input) {
      const result = serverSideApply({ ...input, statusSubresource: input.ignoreStatus });
      if (result.ok) return { ok: true, object: result.object };
      if (result.reason === 'Invalid') throw new StatusError(400, 'BadRequest', result.message);
      return { ok: false, conflicts: [...result.conflicts] };
    },
    trackUpdate(input) {
      const result = updateManagedFields({ ...input, operation: 'Update', statusSubresource: input.ignoreStatus });
      input.next.metadata.managedFields = result.object.metadata.managedFields;
      if (!result.object.metadata.managedFields) delete input.next.metadata.managedFields;
    },
    conflictStatus: (conflicts, apiVersion) => {
      const err = conflictStatusError(conflicts as ApplyConflict[], apiVersion);
      return {
        message: err.message,
        causes: (err.details?.causes ?? []) as Array<{ reason: string; message: string; field: string }>,
      };
    },
    decodeProtobuf: (body) => decodeProtobufBodyOrThrow(body) as ReturnType<ApiMachinery['decodeProtobuf']>,
  };
}
