import { CompactedError } from './store.js';

/** Thrown when a read asks for a revision the store has not reached yet. */
export class FutureRevisionError extends Error {
  constructor(
    readonly requested: number,
    readonly current: number,
  ) {
    super(`required revision ${requested} is a future revision (current: ${current})`);
    this.name = 'FutureRevisionError';
  }
}

/**
 * Validates a read revision (0 or absent meaning the latest) and returns the revision to read at.
 * Throws CompactedError below `compacted` and FutureRevisionError above `current`.
 */
export function readRevision(requested: number | undefined, compacted: number, current: number): number {
  if (!requested) return current;
  if (requested < compacted) throw new CompactedError(requested, compacted);
  if (requested > current) throw new FutureRevisionError(requested, current);
  return requested;
}
