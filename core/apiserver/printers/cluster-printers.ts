import { ageColumn, column, nameColumn } from './column-descriptions.js';
import { bool, num, obj, objects, str } from './field-access.js';
import { humanDuration, translateTimestampSince } from './human-duration.js';
import type { KindPrinter } from './kind-printer.js';

/** IntOrString as text: `1` or `50%`. */
function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : str(value);
}

/** Leases: Name, Holder, Age. */
export const leasePrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
    ),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      str(obj(o.spec).holderIdentity),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** PodDisruptionBudgets: Name, Min Available, Max Unavailable, Allowed Disruptions, Age. */
export const podDisruptionBudgetPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const present = (v: unknown): boolean => v !== undefined && v !== null;
    return [
      o.metadata.name ?? '',
      present(spec.minAvailable) ? intOrString(spec.minAvailable) : 'N/A',
      present(spec.maxUnavailable) ? intOrString(spec.maxUnavailable) : 'N/A',
      num(obj(o.status).disruptionsAllowed),
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** PriorityClasses: Name, Value, Global-Default, Age, PreemptionPolicy. */
export const priorityClassPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column(
      'Value',
      'integer',
      'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.',
    ),
    column(
      'Global-Default',
      'boolean',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.',
    ),
    ageColumn(),
    column(
      'PreemptionPolicy',
      'string',
      'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.',
    ),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      num(o.value),
      bool(o.globalDefault),
      translateTimestampSince(o.metadata.creationTimestamp, now),
      str(o.preemptionPolicy),
    ];
  },
};

/** Users, groups and service accounts (`ns/name`) of RBAC subjects (rbac.SubjectsStrings). */
function subjectsStrings(subjects: unknown): [users: string, groups: string, serviceAccounts: string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of objects(subjects)) {
    switch (str(s.kind)) {
      case 'ServiceAccount':
        sas.push(`${str(s.namespace)}/${str(s.name)}`);
        break;
      case 'User':
        users.push(str(s.name));
        break;
      case 'Group':
        groups.push(str(s.name));
        break;
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(which: 'roleBinding' | 'clusterRoleBinding'): KindPrinter {
  return {
    columns: [
      nameColumn(),
      column(
        'Role',
        'string',
        'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
      ),
      ageColumn(),
      column('Users', 'string', `Users in the ${which}`, 1),
      column('Groups', 'string', `Groups in the ${which}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${which}`, 1),
    ],
    cells(o, now) {
      const roleRef = obj(o.roleRef);
      return [
        o.metadata.name ?? '',
        `${str(roleRef.kind)}/${str(roleRef.name)}`,
        translateTimestampSince(o.metadata.creationTimestamp, now),
        ...subjectsStrings(o.subjects),
      ];
    },
  };
}

/** RoleBindings: Name, Role (`Kind/name`), Age, [Users, Groups, ServiceAccounts]. */
export const roleBindingPrinter: KindPrinter = bindingPrinter('roleBinding');

/** ClusterRoleBindings: Name, Role (`Kind/name`), Age, [Users, Groups, ServiceAccounts]. */
export const clusterRoleBindingPrinter: KindPrinter = bindingPrinter('clusterRoleBinding');

/** RuntimeClasses: Name, Handler, Age. */
export const runtimeClassPrinter: KindPrinter = {
  columns: [nameColumn(), column('Handler', 'string', ''), ageColumn()],
  cells(o, now) {
    return [o.metadata.name ?? '', str(o.handler), translateTimestampSince(o.metadata.creationTimestamp, now)];
  },
};

/** Mutating/ValidatingWebhookConfigurations: Name, Webhooks (count), Age. */
export const webhookConfigurationPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    column('Webhooks', 'integer', 'Webhooks indicates the number of webhooks registered in this configuration'),
    ageColumn(),
  ],
  cells(o, now) {
    return [
      o.metadata.name ?? '',
      objects(o.webhooks).length,
      translateTimestampSince(o.metadata.creationTimestamp, now),
    ];
  },
};

/** `Approved,Issued`, `Denied`, `Pending,Failed`... of a CertificateSigningRequest. */
function csrCondition(status: Record<string, unknown>): string {
  const types = new Set(objects(status.conditions).map((c) => str(c.type)));
  let text = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) text += ',Failed';
  if (str(status.certificate) !== '') text += ',Issued';
  return text;
}

/** CertificateSigningRequests: Name, Age, SignerName, Requestor, RequestedDuration, Condition. */
export const certificateSigningRequestPrinter: KindPrinter = {
  columns: [
    nameColumn(),
    ageColumn(),
    column(
      'SignerName',
      'string',
      'Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`.',
    ),
    column('Requestor', 'string', 'Base64-encoded PKCS#10 CSR data'),
    column(
      'RequestedDuration',
      'string',
      'expirationSeconds is the requested duration of validity of the issued certificate.',
    ),
    column('Condition', 'string', 'Conditions applied to the request, such as approval or denial.'),
  ],
  cells(o, now) {
    const spec = obj(o.spec);
    const seconds = spec.expirationSeconds;
    return [
      o.metadata.name ?? '',
      translateTimestampSince(o.metadata.creationTimestamp, now),
      str(spec.signerName) || '<none>',
      str(spec.username),
      typeof seconds === 'number' ? humanDuration(seconds * 1000) : '<none>',
      csrCondition(obj(o.status)),
    ];
  },
};
