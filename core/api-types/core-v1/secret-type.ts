import { fieldError, type FieldCause } from '../../../sdk/api/field-cause.js';
import type { KubeObject } from '../../../sdk/api/kube-object.js';
import type { ResourceType } from '../../../sdk/api/resource-type.js';
import { buildStrategy, isRecord, stringFields, validateImmutable } from '../../../sdk/api/validation/index.js';
import { validateConfigData, validateImmutablePayload } from './configmap-type.js';

type Json = Record<string, any>;

/** stringData is merged into data as base64 (it wins over data), and type defaults to Opaque. */
function defaultSecret(obj: KubeObject): void {
  if (isRecord(obj.stringData)) {
    const data: Json = isRecord(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    obj.data = data;
    delete obj.stringData;
  }
  if (!obj.type) obj.type = 'Opaque';
}

/** The keys each well-known secret type requires (ValidateSecret). */
function validateSecret(obj: KubeObject): FieldCause[] {
  const causes = validateConfigData(obj, 'data');
  const data: Json = isRecord(obj.data) ? obj.data : {};
  const requireKey = (key: string) => {
    if (data[key] === undefined) causes.push(fieldError.required(`data[${key}]`, ''));
  };
  switch (obj.type) {
    case 'kubernetes.io/service-account-token':
      if (!obj.metadata.annotations?.['kubernetes.io/service-account.name']) {
        causes.push(fieldError.required('metadata.annotations[kubernetes.io/service-account.name]', ''));
      }
      break;
    case 'kubernetes.io/dockercfg':
      requireKey('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      requireKey('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (data.username === undefined && data.password === undefined) {
        causes.push(fieldError.required('data[username]', ''), fieldError.required('data[password]', ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      requireKey('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      requireKey('tls.crt');
      requireKey('tls.key');
      break;
  }
  return causes;
}

/** core/v1 secrets. */
export const secretResourceType: ResourceType = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  schemaName: 'io.k8s.api.core.v1.Secret',
  strategy: buildStrategy({
    namespaced: true,
    defaults: defaultSecret,
    validate: validateSecret,
    validateUpdate: (obj, old) => [
      ...validateImmutable(obj.type, old.type, 'type'),
      ...validateImmutablePayload(obj, old, ['data']),
    ],
    selectableFields: (obj) => stringFields(obj, ['type']),
  }),
};
