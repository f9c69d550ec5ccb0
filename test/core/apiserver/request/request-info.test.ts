import test from 'ava';
import { parseApiPath } from '../../../../core/apiserver/request/request-info.js';

const q = (s = '') => new URLSearchParams(s);

const cases: Array<[string, string, string, Record<string, unknown> | undefined]> = [
  ['GET', '/api', '', { kind: 'discovery', legacy: true }],
  ['GET', '/apis/apps', '', { kind: 'discovery', legacy: false, group: 'apps' }],
  ['GET', '/api/v1', '', { kind: 'discovery', legacy: true, group: '', version: 'v1' }],
  [
    'GET',
    '/api/v1/namespaces',
    '',
    { verb: 'list', group: '', resource: 'namespaces', namespace: undefined, name: undefined },
  ],
  ['GET', '/api/v1/namespaces/default', '', { verb: 'get', resource: 'namespaces', name: 'default' }],
  [
    'PUT',
    '/api/v1/namespaces/default/finalize',
    '',
    { verb: 'update', resource: 'namespaces', name: 'default', subresource: 'finalize' },
  ],
  ['GET', '/api/v1/namespaces/default/pods', '', { verb: 'list', resource: 'pods', namespace: 'default' }],
  ['GET', '/api/v1/namespaces/default/pods', 'watch=true', { verb: 'watch', resource: 'pods', namespace: 'default' }],
  ['GET', '/api/v1/pods', 'watch=1', { verb: 'watch', resource: 'pods', namespace: undefined }],
  [
    'POST',
    '/apis/apps/v1/namespaces/ns/deployments',
    '',
    { verb: 'create', group: 'apps', version: 'v1', resource: 'deployments', namespace: 'ns' },
  ],
  [
    'PATCH',
    '/apis/apps/v1/namespaces/ns/deployments/web/scale',
    '',
    { verb: 'patch', name: 'web', subresource: 'scale' },
  ],
  ['DELETE', '/api/v1/namespaces/ns/configmaps', '', { verb: 'deletecollection', resource: 'configmaps' }],
  ['DELETE', '/api/v1/namespaces/ns/configmaps/a', '', { verb: 'delete', name: 'a' }],
  ['GET', '/api/v1/namespaces/ns/pods/a/log/extra', '', undefined],
  ['GET', '/healthz', '', undefined],
];

for (const [method, path, query, expected] of cases) {
  test(`${method} ${path}${query ? '?' + query : ''}`, (t) => {
    const info = parseApiPath(method, path, q(query));
    if (expected === undefined) {
      t.is(info, undefined);
      return;
    }
    t.like(info as unknown as Record<string, unknown>, expected);
  });
}
