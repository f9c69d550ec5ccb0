import type { SubresourceHandler } from '../api-server.js';
import { parseJsonObject, readBody } from '../request/body.js';
import { apiErrors } from '../status.js';
import type { ObjectStorage } from '../storage/object-storage.js';
import type { ResourceHandler } from './resource-handler.js';

function sendStatus(res: import('node:http').ServerResponse, code: number): void {
  const text = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * `POST pods/{name}/binding`: assigns a pod to a node (what a scheduler's bind does). Refused
 * with 409 when the pod is already bound.
 */
export function podBindingHandler(storage: ObjectStorage): SubresourceHandler {
  return {
    async handle({ req, res, info, type }) {
      if (req.method !== 'POST') throw apiErrors.methodNotAllowed();
      const binding = parseJsonObject(await readBody(req), 'Binding') as { target?: { name?: string; kind?: string } };
      const node = binding.target?.name;
      if (!node) {
        throw apiErrors.invalid('', 'Binding', info.name!, [
          { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
        ]);
      }
      for (let attempt = 0; attempt < 10; attempt++) {
        const pod = await storage.get(type, info.namespace, info.name!);
        if (!pod) throw apiErrors.notFound('', 'pods', info.name!);
        const spec = (pod.spec ??= {}) as { nodeName?: string };
        if (pod.metadata.deletionTimestamp) {
          throw apiErrors.conflict('', 'pods', info.name!, 'pod is being deleted, cannot be assigned to a host');
        }
        if (spec.nodeName) {
          throw apiErrors.conflict(
            '',
            'pods',
            info.name!,
            `pod ${info.name} is already assigned to node "${spec.nodeName}"`,
          );
        }
        spec.nodeName = node;
        const conditions = (((pod.status ??= {}) as { conditions?: Array<Record<string, unknown>> }).conditions ??= []);
        const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now };
        const i = conditions.findIndex((c) => c.type === 'PodScheduled');
        if (i >= 0) conditions[i] = scheduled;
        else conditions.push(scheduled);
        const r = await storage.update(type, pod, Number(pod.metadata.resourceVersion));
        if (r.ok) return sendStatus(res, 201);
        if (r.reason === 'not-found') throw apiErrors.notFound('', 'pods', info.name!);
      }
      throw apiErrors.staleObject('', 'pods', info.name!);
    },
  };
}

/**
 * `POST pods/{name}/eviction`: deletes the pod with the eviction's deleteOptions, as the
 * Eviction API does (PodDisruptionBudgets are not consulted yet).
 */
export function podEvictionHandler(handler: ResourceHandler): SubresourceHandler {
  return {
    async handle({ req, res, info, type, query }) {
      if (req.method !== 'POST') throw apiErrors.methodNotAllowed();
      const eviction = parseJsonObject(await readBody(req), 'Eviction') as {
        metadata?: { name?: string };
        deleteOptions?: unknown;
      };
      if (eviction.metadata?.name && eviction.metadata.name !== info.name) {
        throw apiErrors.badRequest(`name in URL does not match name in Eviction object`);
      }
      const body = eviction.deleteOptions ? Buffer.from(JSON.stringify(eviction.deleteOptions)) : undefined;
      await handler.delete({
        info: { ...info, verb: 'delete', subresource: undefined },
        type,
        query,
        body,
        warnings: [],
      });
      sendStatus(res, 201);
    },
  };
}
