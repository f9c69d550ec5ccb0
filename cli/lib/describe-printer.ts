import type { KubeObject } from '../../sdk/api/kube-object.js';
import { eventAge, eventFrom, sortEvents, type CoreEvent } from './event-rows.js';
import { alignColumns } from './table-printer.js';

/** `creationTimestamp` → `Creation Timestamp`, as kubectl's generic describer titles fields. */
export function fieldTitle(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function mapLines(title: string, m: Record<string, string> | undefined): string[] {
  const keys = Object.keys(m ?? {}).sort();
  if (!keys.length) return [`${title}:\t<none>`];
  return keys.map((k, i) => `${i === 0 ? `${title}:` : ''}\t${k}=${m![k]}`);
}

function annotationLines(m: Record<string, string> | undefined): string[] {
  const keys = Object.keys(m ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  if (!keys.length) return ['Annotations:\t<none>'];
  return keys.map((k, i) => `${i === 0 ? 'Annotations:' : ''}\t${k}: ${m![k]}`);
}

function nested(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object') {
        const lines: string[] = [];
        nested(item, `${indent}  `, lines);
        if (lines.length) lines[0] = `${indent}- ${lines[0]!.trimStart()}`;
        out.push(...lines);
      } else out.push(`${indent}${String(item)}`);
    }
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
        out.push(`${indent}${fieldTitle(k)}:`);
        nested(v, `${indent}  `, out);
      } else
        out.push(
          `${indent}${fieldTitle(k)}:  ${v === null || (typeof v === 'object' && v) ? '' : String(v)}`.trimEnd(),
        );
    }
  }
}

/**
 * kubectl-style describe text for any object: its identity, labels and annotations, spec and
 * status as titled fields, a Conditions table when status has conditions, and its recent Events
 * (`<none>` when there are none).
 */
export function describeObject(obj: KubeObject, events: CoreEvent[], now = Date.now()): string {
  const head: string[] = [`Name:\t${obj.metadata.name ?? ''}`];
  if (obj.metadata.namespace) head.push(`Namespace:\t${obj.metadata.namespace}`);
  head.push(...mapLines('Labels', obj.metadata.labels), ...annotationLines(obj.metadata.annotations));
  head.push(`API Version:\t${obj.apiVersion ?? ''}`, `Kind:\t${obj.kind ?? ''}`);
  head.push(`Creation Timestamp:\t${obj.metadata.creationTimestamp ?? '<unknown>'}`);
  if (obj.metadata.deletionTimestamp) head.push(`Deletion Timestamp:\t${obj.metadata.deletionTimestamp}`);
  if (obj.metadata.finalizers?.length) head.push(`Finalizers:\t[${obj.metadata.finalizers.join(' ')}]`);
  const controller = obj.metadata.ownerReferences?.find((r) => r.controller);
  if (controller) head.push(`Controlled By:\t${controller.kind}/${controller.name}`);
  let text = alignColumns(
    head.map((l) => l.split('\t')),
    2,
  );
  const body: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (['apiVersion', 'kind', 'metadata'].includes(key)) continue;
    if (value === undefined || value === null) continue;
    const v =
      key === 'status' && value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'conditions'))
        : value;
    if (v && typeof v === 'object') {
      if (!(Array.isArray(v) ? v.length : Object.keys(v).length)) continue;
      body.push(`${fieldTitle(key)}:`);
      nested(v, '  ', body);
    } else body.push(`${fieldTitle(key)}:  ${String(v)}`);
  }
  if (body.length) text += `${body.join('\n')}\n`;
  const conditions = ((obj.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []).filter(
    (c) => c && typeof c === 'object',
  );
  if (conditions.length) {
    const rows = [
      ['Type', 'Status', 'Reason', 'Message'],
      ['----', '------', '------', '-------'],
      ...conditions.map((c) => [
        String(c.type ?? ''),
        String(c.status ?? ''),
        String(c.reason ?? ''),
        String(c.message ?? ''),
      ]),
    ];
    text += `Conditions:\n${alignColumns(rows, 2).replace(/^/gm, '  ').trimEnd()}\n`;
  }
  if (!events.length) return `${text}Events:  <none>\n`;
  const rows = [
    ['Type', 'Reason', 'Age', 'From', 'Message'],
    ['----', '------', '----', '----', '-------'],
    ...sortEvents(events).map((e) => [
      e.type ?? '',
      e.reason ?? '',
      eventAge(e, now),
      eventFrom(e),
      (e.message ?? '').trim(),
    ]),
  ];
  return `${text}Events:\n${alignColumns(rows, 2).replace(/^/gm, '  ').trimEnd()}\n`;
}
