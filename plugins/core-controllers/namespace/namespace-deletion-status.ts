/** One condition of a Terminating namespace's status. */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** What deleting the content of one resource left behind. */
export interface ResourceContentResult {
  /** API group ('' for the core group). */
  readonly group: string;
  readonly plural: string;
  /** Objects still listed after the delete. */
  readonly remaining: number;
  /** Finalizers of the remaining objects, with how many objects carry each. */
  readonly finalizers: Readonly<Record<string, number>>;
  /** Seconds the remaining pods may still take to terminate gracefully. */
  readonly estimateSeconds: number;
  /** The failure of a delete or list, if any. */
  readonly error?: string;
}

/** The outcome of one pass of the namespace deleter. */
export interface NamespaceDeletionOutcome {
  readonly conditions: NamespaceCondition[];
  /** True when nothing remains and the namespace can be finalized. */
  readonly empty: boolean;
  /** When content remains: seconds until the next pass (the controller's estimate/2 + 1). */
  readonly requeueAfterSeconds?: number;
}

/** Estimate of a remaining object with finalizers (the deleter's finalizerEstimateSeconds). */
export const finalizerEstimateSeconds = 15;

/**
 * The namespace status conditions after one pass of deleting all content, with Kubernetes'
 * reasons and messages (NamespaceDeletionDiscoveryFailure, NamespaceDeletionGroupVersionParsingFailure,
 * NamespaceDeletionContentFailure, NamespaceContentRemaining, NamespaceFinalizersRemaining).
 */
export function namespaceDeletionOutcome(
  results: readonly ResourceContentResult[],
  discoveryErrors: readonly string[],
): NamespaceDeletionOutcome {
  const remaining = results.filter((r) => r.remaining > 0);
  const errors = results.filter((r) => r.error).map((r) => r.error!);
  const finalizerCounts = new Map<string, number>();
  for (const r of results)
    for (const [f, n] of Object.entries(r.finalizers)) finalizerCounts.set(f, (finalizerCounts.get(f) ?? 0) + n);
  const conditions: NamespaceCondition[] = [
    discoveryErrors.length > 0
      ? {
          type: 'NamespaceDeletionDiscoveryFailure',
          status: 'True',
          reason: 'DiscoveryFailed',
          message: `Discovery failed for some groups, ${discoveryErrors.length} failing: ${discoveryErrors.join(', ')}`,
        }
      : {
          type: 'NamespaceDeletionDiscoveryFailure',
          status: 'False',
          reason: 'ResourcesDiscovered',
          message: 'All resources successfully discovered',
        },
    {
      type: 'NamespaceDeletionGroupVersionParsingFailure',
      status: 'False',
      reason: 'ParsedGroupVersions',
      message: 'All legacy kube types successfully parsed',
    },
    errors.length > 0
      ? {
          type: 'NamespaceDeletionContentFailure',
          status: 'True',
          reason: 'ContentDeletionFailed',
          message: `Failed to delete all resource types, ${errors.length} remaining: ${errors.join(', ')}`,
        }
      : {
          type: 'NamespaceDeletionContentFailure',
          status: 'False',
          reason: 'ContentDeleted',
          message: 'All content successfully deleted, may be waiting on finalization',
        },
    remaining.length > 0
      ? {
          type: 'NamespaceContentRemaining',
          status: 'True',
          reason: 'SomeResourcesRemain',
          message: `Some resources are remaining: ${remaining
            .map((r) => `${r.plural}.${r.group} has ${r.remaining} resource instances`)
            .sort()
            .join(', ')}`,
        }
      : {
          type: 'NamespaceContentRemaining',
          status: 'False',
          reason: 'ContentRemoved',
          message: 'All content successfully removed',
        },
    finalizerCounts.size > 0
      ? {
          type: 'NamespaceFinalizersRemaining',
          status: 'True',
          reason: 'SomeFinalizersRemain',
          message: `Some content in the namespace has finalizers remaining: ${[...finalizerCounts]
            .map(([f, n]) => `${f} in ${n} resource instances`)
            .sort()
            .join(', ')}`,
        }
      : {
          type: 'NamespaceFinalizersRemaining',
          status: 'False',
          reason: 'ContentHasNoFinalizers',
          message: 'All content-preserving finalizers finished',
        },
  ];
  const empty = remaining.length === 0 && errors.length === 0 && discoveryErrors.length === 0;
  if (empty) return { conditions, empty };
  let estimate = 0;
  for (const r of remaining)
    estimate = Math.max(
      estimate,
      r.estimateSeconds,
      Object.keys(r.finalizers).length > 0 ? finalizerEstimateSeconds : 0,
    );
  return { conditions, empty, requeueAfterSeconds: remaining.length > 0 ? Math.floor(estimate / 2) + 1 : undefined };
}

/**
 * Merges new conditions into the current ones: a condition whose status, reason and message did
 * not change keeps its lastTransitionTime; a changed one gets `now`.
 */
export function mergeConditions(
  current: readonly NamespaceCondition[] | undefined,
  next: readonly NamespaceCondition[],
  now: string,
): NamespaceCondition[] {
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  const out: NamespaceCondition[] = [];
  for (const c of next) {
    const old = byType.get(c.type);
    byType.delete(c.type);
    const same = old && old.status === c.status && old.reason === c.reason && old.message === c.message;
    out.push({
      type: c.type,
      status: c.status,
      lastTransitionTime: same ? old.lastTransitionTime : now,
      reason: c.reason,
      message: c.message,
    });
  }
  return [...byType.values(), ...out];
}

/**
 * Seconds the pods of a namespace may take to terminate gracefully (the deleter's estimate): the
 * longest spec.terminationGracePeriodSeconds among pods that have not finished.
 */
export function podTerminationEstimateSeconds(pods: ReadonlyArray<{ [field: string]: unknown }>): number {
  let est = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (p.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace > est) est = grace;
  }
  return est;
}
