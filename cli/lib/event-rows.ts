import type { KubeObject } from '../../sdk/api/kube-object.js';
import { ageOf } from './human-duration.js';

/** A core/v1 Event as the CLI reads it. */
export interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** When an event last happened (kubectl's order: series, lastTimestamp, eventTime, firstTimestamp, creation). */
export function lastSeen(e: CoreEvent): string | undefined {
  return (
    e.series?.lastObservedTime ||
    e.lastTimestamp ||
    e.eventTime ||
    e.firstTimestamp ||
    e.metadata.creationTimestamp ||
    undefined
  );
}

/** When an event first happened. */
export function firstSeen(e: CoreEvent): string | undefined {
  return e.firstTimestamp || e.eventTime || e.metadata.creationTimestamp || undefined;
}

/** Events oldest first by when they were last seen (kubectl events' order). */
export function sortEvents(events: CoreEvent[]): CoreEvent[] {
  return [...events].sort((a, b) => (Date.parse(lastSeen(a) ?? '') || 0) - (Date.parse(lastSeen(b) ?? '') || 0));
}

/** `5m`, or `5m (x3 over 10m)` for repeated events. */
export function eventAge(e: CoreEvent, now = Date.now()): string {
  const count = e.series?.count ?? e.count ?? 1;
  const last = ageOf(lastSeen(e), now);
  return count > 1 ? `${last} (x${count} over ${ageOf(firstSeen(e), now)})` : last;
}

/** The header and cells of `capstan events` (kubectl events' columns). */
export function eventRow(e: CoreEvent, withNamespace: boolean, now = Date.now()): string[] {
  const cells = [
    eventAge(e, now),
    e.type ?? '',
    e.reason ?? '',
    `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
    (e.message ?? '').trim(),
  ];
  return withNamespace ? [e.metadata.namespace ?? '', ...cells] : cells;
}

/** The header of `capstan events`. */
export function eventHeader(withNamespace: boolean): string[] {
  const h = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  return withNamespace ? ['NAMESPACE', ...h] : h;
}

/** Who reported an event, as describe prints it. */
export function eventFrom(e: CoreEvent): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || '';
  return host ? `${component}, ${host}` : component;
}
