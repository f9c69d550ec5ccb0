import type { KubeObject } from '../../../../sdk/api/kube-object.js';

/** The server clock every printer test uses. */
export const NOW = new Date('2025-01-10T12:00:00Z');

const S = 1000;

/** An RFC 3339 timestamp `seconds` before {@link NOW}. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * S).toISOString().replace('.000Z', 'Z');
}

/** A minimal object with a name, created `ageSeconds` ago (or without creationTimestamp). */
export function object(name: string, fields: Record<string, unknown> = {}, ageSeconds?: number): KubeObject {
  const { metadata, ...rest } = fields as { metadata?: Record<string, unknown> };
  return {
    metadata: {
      name,
      ...(ageSeconds === undefined ? {} : { creationTimestamp: ago(ageSeconds) }),
      ...(metadata ?? {}),
    },
    ...rest,
  };
}
