import test from 'ava';
import { loadCelEngine } from '../../../../core/apiserver/crd/cel-engine.js';
import { validateCelRules } from '../../../../core/apiserver/crd/cel-validation.js';
import type { JsonSchemaProps } from '../../../../core/apiserver/crd/crd-shapes.js';

/** Rules as CRD authors write them (Kubernetes' CEL docs), run by the real CEL library. */
const schema: JsonSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' },
        { rule: 'has(self.tls) ? self.port == 443 : true', message: 'TLS needs port 443', fieldPath: '.port' },
      ],
      properties: {
        minReplicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        port: { type: 'integer' },
        tls: { type: 'object', properties: { secretName: { type: 'string' } } },
        name: {
          type: 'string',
          'x-kubernetes-validations': [
            { rule: "self.matches('^[a-z][a-z0-9-]*$')", message: 'must be a lower-case name' },
            { rule: 'self == oldSelf', message: 'name is immutable' },
          ],
        },
        tags: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-validations': [
            { rule: 'self.all(t, size(t) <= 5)', message: 'tags are at most 5 characters' },
            { rule: 'size(self) <= 3', message: 'at most 3 tags' },
          ],
        },
        ratio: { type: 'number', 'x-kubernetes-validations': [{ rule: 'self >= 0.5', message: 'ratio below 0.5' }] },
      },
    },
  },
};

const cases: Array<{ title: string; value: unknown; old?: unknown; expected: string[] }> = [
  {
    title: 'a valid object',
    value: { spec: { minReplicas: 1, maxReplicas: 3, port: 80, name: 'web', tags: ['a', 'bb'], ratio: 0.75 } },
    expected: [],
  },
  {
    title: 'integers are compared as integers',
    value: { spec: { minReplicas: 5, maxReplicas: 3 } },
    expected: ['spec: minReplicas must not exceed maxReplicas'],
  },
  {
    title: 'has() and a conditional rule with its own field path',
    value: { spec: { minReplicas: 1, maxReplicas: 1, port: 80, tls: { secretName: 's' } } },
    expected: ['spec.port: TLS needs port 443'],
  },
  {
    title: 'matches() on a string',
    value: { spec: { minReplicas: 1, maxReplicas: 1, name: 'Web' } },
    expected: ['spec.name: must be a lower-case name'],
  },
  {
    title: 'transition rule: a changed immutable field',
    value: { spec: { minReplicas: 1, maxReplicas: 1, name: 'web' } },
    old: { spec: { minReplicas: 1, maxReplicas: 1, name: 'api' } },
    expected: ['spec.name: name is immutable'],
  },
  {
    title: 'all() and size() on a list',
    value: { spec: { minReplicas: 1, maxReplicas: 1, tags: ['a', 'toolong', 'c', 'd'] } },
    expected: ['spec.tags: tags are at most 5 characters', 'spec.tags: at most 3 tags'],
  },
  {
    title: 'a double compared with a double literal',
    value: { spec: { minReplicas: 1, maxReplicas: 1, ratio: 0.25 } },
    expected: ['spec.ratio: ratio below 0.5'],
  },
];

for (const c of cases) {
  test(`real CEL: ${c.title}`, async (t) => {
    const engine = await loadCelEngine();
    if (!engine) return t.fail('the CEL library (@marcbachmann/cel-js) is a dependency and must load');
    const errors = validateCelRules(engine, c.value, c.old, schema).map(
      (e) => `${e.field}: ${e.message.replace(/^Invalid value: "\w+": /, '')}`,
    );
    t.deepEqual(errors, c.expected);
  });
}
