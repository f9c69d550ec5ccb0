import { column, nameColumn } from './column-descriptions.js';
import { num, obj, str } from './field-access.js';
import { parseTimestamp, translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';

function firstNonEmpty(...values: string[]): string {
  return values.find((v) => v !== '') ?? '';
}

/** `component, host` of an event source, falling back to reportingController/reportingInstance. */
function eventSource(source: Record<string, unknown>, controller: string, instance: string): string {
  const component = firstNonEmpty(str(source.component), controller);
  const host = firstNonEmpty(str(source.host), instance);
  return host === '' ? component : `${component}, ${host}`;
}

/**
 * core/v1 Events: Last Seen, Type, Reason, Object, [Subobject, Source], Message, [First Seen,
 * Count, Name] (the apiserver always fills the wide cells).
 */
export const eventPrinter: KindPrinter = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
      1,
    ),
    column(
      'Source',
      'string',
      'The component reporting this event. Should be a short machine understandable string.',
      1,
    ),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column(
      'First Seen',
      'string',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      1,
    ),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    nameColumn(1),
  ],
  cells(o, now) {
    const involved = obj(o.involvedObject);
    const first =
      parseTimestamp(o.firstTimestamp) !== undefined
        ? translateTimestampSince(o.firstTimestamp, now)
        : translateTimestampSince(o.eventTime, now);
    let last = parseTimestamp(o.lastTimestamp) !== undefined ? translateTimestampSince(o.lastTimestamp, now) : first;
    let count = num(o.count);
    const series = o.series === undefined || o.series === null ? undefined : obj(o.series);
    if (series) {
      last = translateTimestampSince(series.lastObservedTime, now);
      count = num(series.count);
    } else if (count === 0) {
      count = 1;
    }
    const kind = str(involved.kind).toLowerCase();
    const target = str(involved.name) !== '' ? `${kind}/${str(involved.name)}` : kind;
    return [
      last,
      str(o.type),
      str(o.reason),
      target,
      str(involved.fieldPath),
      eventSource(obj(o.source), str(o.reportingComponent ?? o.reportingController), str(o.reportingInstance)),
      str(o.message).trim(),
      first,
      count,
      o.metadata.name ?? '',
    ];
  },
};
