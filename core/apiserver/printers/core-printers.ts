import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { containerCells } from './container-cells.js';
import { keyCount, num, obj, objects, str } from './field-access.js';
import { translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';
import { formatLabels } from './label-format.js';
import { formatQuantity } from './quantity-format.js';

/** net.JoinHostPort: brackets around IPv6 addresses. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...`; `<none>` without subsets (formatEndpoints). */
export function formatEndpoints(subsets: unknown): string {
  const list = objects(subsets);
  if (list.length === 0) return '<none>';
  const max = 3;
  const shown: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of list) {
    const addresses = objects(ss.addresses);
    const ports = objects(ss.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(str(a.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(joinHostPort(str(a.ip), num(port.port)));
      }
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

/** The first three items joined with `,` plus `+ N more...`, or `<unset>` when empty (listWithMoreString). */
function listWithMore(items: string[], max = 3): string {
  const shown = items.slice(0, max);
  const text = shown.join(',');
  if (items.length > max) return `${text} + ${items.length - max} more...`;
  return text === '' ? '<unset>' : text;
}

/** Endpoints: Name, Endpoints, Age. */
export const endpointsPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Endpoints',
      'string',
      'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      formatEndpoints(o.subsets),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** EndpointSlices: Name, AddressType, Ports, Endpoints, Age. */
export const endpointSlicePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.',
    ),
    column(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    ),
    column(
      'Endpoints',
      'string',
      'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const ports = objects(o.ports).map((p) =>
      typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*',
    );
    const addresses = objects(o.endpoints).flatMap((e) => (Array.isArray(e.addresses) ? e.addresses.map(str) : []));
    return [
      o.metadata.name ?? '',
      str(o.addressType),
      listWithMore(ports),
      listWithMore(addresses),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** ConfigMaps: Name, Data (number of data plus binaryData keys), Age. */
export const configMapPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Data',
      'string',
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      keyCount(o.data) + keyCount(o.binaryData),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** Secrets: Name, Type, Data, Age. */
export const secretPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Type',
      'string',
      'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
    ),
    column(
      'Data',
      'string',
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      str(o.type),
      keyCount(o.data),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** ServiceAccounts: Name, Secrets (count of `secrets`), Age. */
export const serviceAccountPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      objects(o.secrets).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** Namespaces: Name, Status (phase), Age. */
export const namespacePrinter: KindPrinter = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      str(obj(o.status).phase),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** ResourceQuotas: Name, Request (`pods: 1/10, requests.cpu: 500m/1`), Limit (`limits.*`), Age. */
export const resourceQuotaPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    const status = obj(o.status);
    const hard = obj(status.hard);
    const used = obj(status.used);
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const pieces = resource.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      target.push(`${resource}: ${formatQuantity(used[resource])}/${formatQuantity(hard[resource])}`);
    }
    return [
      o.metadata.name ?? '',
      requests.join(', '),
      limits.join(', '),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** PodTemplates: Name, Containers, Images, Pod Labels. */
export const podTemplatePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Containers', 'string', 'Names of each container in the template.'),
    column('Images', 'string', 'Images referenced by each container in the template.'),
    column('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(o) {
    const template = obj(o.template);
    const [names, images] = containerCells(obj(template.spec));
    return [o.metadata.name ?? '', names, images, formatLabels(obj(template.metadata).labels)];
  },
};

/** ComponentStatuses: Name, Status, Message, Error. */
export const componentStatusPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells(o) {
    let status = 'Unknown';
    let message = '';
    let error = '';
    const healthy = objects(o.conditions).find((c) => str(c.type) === 'Healthy');
    if (healthy) {
      status = str(healthy.status) === 'True' ? 'Healthy' : 'Unhealthy';
      message = str(healthy.message);
      error = str(healthy.error);
    }
    return [o.metadata.name ?? '', status, message, error];
  },
};
