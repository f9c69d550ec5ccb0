import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { obj, objects, str } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatLabelSelector } from './label-format.js';
import { loadBalancerText } from './service-printer.js';

/** `a.com,b.com,c.com + 2 more...`; `*` when no rule names a host (formatHosts). */
function formatHosts(rules: unknown): string {
  const list = objects(rules);
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const rule of list) {
    if (hosts.length === max) more = true;
    if (!more && str(rule.host) !== '') hosts.push(str(rule.host));
  }
  if (hosts.length === 0) return '*';
  const text = hosts.join(',');
  return more ? `${text} + ${list.length - max} more...` : text;
}

/** Ingresses: Name, Class, Hosts, Address, Ports (`80` or `80, 443`), Age. */
export const ingressPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    return [
      o.metadata.name ?? '',
      typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>',
      formatHosts(spec.rules),
      loadBalancerText(obj(o.status).loadBalancer),
      objects(spec.tls).length > 0 ? '80, 443' : '80',
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** IngressClasses: Name, Controller, Parameters (`Kind.group/name`), Age. */
export const ingressClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    let parameters = '<none>';
    if (spec.parameters !== undefined && spec.parameters !== null) {
      const p = obj(spec.parameters);
      parameters = str(p.kind);
      if (typeof p.apiGroup === 'string') parameters += `.${p.apiGroup}`;
      parameters += `/${str(p.name)}`;
    }
    return [
      o.metadata.name ?? '',
      str(spec.controller),
      parameters,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** NetworkPolicies: Name, Pod-Selector, Age. */
export const networkPolicyPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Pod-Selector',
      'string',
      'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      formatLabelSelector(obj(obj(o.spec).podSelector)),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};
