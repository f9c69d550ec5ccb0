import test from 'ava';
import type { CelEngine } from '../../../../core/apiserver/crd/cel-engine.js';
import { celRulesOf, validateCelRules } from '../../../../core/apiserver/crd/cel-validation.js';
import type { JsonSchemaProps } from '../../../../core/apiserver/crd/crd-shapes.js';

/** A fake engine that knows a few rules as JavaScript predicates (the real one is a CEL library). */
const rules: Record<string, (v: Record<string, any>) => unknown> = {
  'self.min <= self.max': ({ self }) => self.min <= self.max,
  'self == oldSelf': ({ self, oldSelf }) => self === oldSelf,
  "self.startsWith('a')": ({ self }) => String(self).startsWith('a'),
  'self.size() > 0': () => {
    throw new Error('no such overload');
  },
};
const fake: CelEngine = {
  name: 'fake',
  compile(expression) {
    const f = rules[expression];
    if (!f) throw new Error(`undeclared reference to '${expression}'`);
    return f;
  },
};

const schema: JsonSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max' },
        { rule: 'self.min <= self.max', message: 'min must not exceed max', fieldPath: '.min' },
      ],
      properties: {
        min: { type: 'integer' },
        max: { type: 'integer' },
        id: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'id is immutable' }] },
        names: {
          type: 'array',
          items: {
            type: 'string',
            'x-kubernetes-validations': [{ rule: "self.startsWith('a')", reason: 'FieldValueForbidden' }],
          },
        },
        broken: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self.size() > 0' }, { rule: 'nope' }] },
      },
    },
  },
};

const cases: Array<{ title: string; value: unknown; old?: unknown; expected: Array<[string, string, string]> }> = [
  { title: 'a valid object', value: { spec: { min: 1, max: 2, names: ['ab'] } }, expected: [] },
  {
    title: 'a failed rule without and with a message',
    value: { spec: { min: 3, max: 2 } },
    expected: [
      ['spec', 'FieldValueInvalid', 'Invalid value: "object": failed rule: self.min <= self.max'],
      ['spec.min', 'FieldValueInvalid', 'Invalid value: "object": min must not exceed max'],
    ],
  },
  {
    title: 'a reason on items',
    value: { spec: { min: 1, max: 1, names: ['ab', 'bc'] } },
    expected: [['spec.names[1]', 'FieldValueForbidden', "Forbidden: failed rule: self.startsWith('a')"]],
  },
  { title: 'transition rules are skipped on create', value: { spec: { min: 1, max: 1, id: 'x' } }, expected: [] },
  {
    title: 'transition rules compare with the old object',
    value: { spec: { min: 1, max: 1, id: 'y' } },
    old: { spec: { min: 1, max: 1, id: 'x' } },
    expected: [['spec.id', 'FieldValueInvalid', 'Invalid value: "string": id is immutable']],
  },
  {
    title: 'rules that fail to compile or evaluate',
    value: { spec: { min: 1, max: 1, broken: 'z' } },
    expected: [
      ['spec.broken', 'FieldValueInvalid', 'Invalid value: "string": rule evaluation error: no such overload'],
      [
        'spec.broken',
        'FieldValueInvalid',
        'Invalid value: "string": compilation failed: undeclared reference to \'nope\'',
      ],
    ],
  },
];

for (const c of cases) {
  test(`CEL rules: ${c.title}`, (t) => {
    t.deepEqual(
      validateCelRules(fake, c.value, c.old, schema).map((x) => [x.field, x.reason, x.message]),
      c.expected,
    );
  });
}

test('the rules of a schema are listed with their places', (t) => {
  t.deepEqual(
    celRulesOf(schema).map((r) => `${r.path}: ${r.rule.rule}`),
    [
      'spec: self.min <= self.max',
      'spec: self.min <= self.max',
      'spec.id: self == oldSelf',
      "spec.names[*]: self.startsWith('a')",
      'spec.broken: self.size() > 0',
      'spec.broken: nope',
    ],
  );
});
