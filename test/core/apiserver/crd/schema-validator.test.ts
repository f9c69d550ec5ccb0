import test from 'ava';
import type { JsonSchemaProps } from '../../../../core/apiserver/crd/crd-shapes.js';
import { validateListSetsAndMaps, validateValue } from '../../../../core/apiserver/crd/schema-validator.js';

/** The CronTab schema of the Kubernetes CRD documentation ("Validation" section), plus a few fields. */
const cronTab: JsonSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
        image: { type: 'string', minLength: 3, maxLength: 12 },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0 },
        size: { type: 'string', enum: ['S', 'M', 'L'] },
        level: { type: 'integer', enum: [1, 2] },
        enabled: { type: 'boolean' },
        when: { type: 'string', format: 'date-time' },
        port: { 'x-kubernetes-int-or-string': true },
        hosts: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        note: { type: 'string', nullable: true },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    },
  },
};

const cases: Array<{ title: string; spec: Record<string, unknown>; expected: Array<[string, string, string]> }> = [
  { title: 'a valid object', spec: { cronSpec: '* * * * */5', replicas: 3, port: 'http' }, expected: [] },
  {
    // Kubernetes docs, "Validation": the two errors of my-new-cron-object.
    title: 'the documented CronTab errors',
    spec: { cronSpec: '* * * *', image: 'my-awesome-cron-image', replicas: 15 },
    expected: [
      [
        'spec.cronSpec',
        'FieldValueInvalid',
        `Invalid value: "* * * *": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
      ],
      ['spec.image', 'FieldValueTooLong', 'Too long: may not be more than 12 bytes'],
      [
        'spec.replicas',
        'FieldValueInvalid',
        'Invalid value: 15: spec.replicas in body should be less than or equal to 10',
      ],
    ],
  },
  {
    title: 'wrong JSON types',
    spec: { cronSpec: '* * * * *', replicas: 'three', enabled: 'yes', hosts: 'a', labels: { a: 1 } },
    expected: [
      [
        'spec.replicas',
        'FieldValueTypeInvalid',
        'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
      [
        'spec.enabled',
        'FieldValueTypeInvalid',
        'Invalid value: "string": spec.enabled in body must be of type boolean: "string"',
      ],
      [
        'spec.hosts',
        'FieldValueTypeInvalid',
        'Invalid value: "string": spec.hosts in body must be of type array: "string"',
      ],
      [
        'spec.labels.a',
        'FieldValueTypeInvalid',
        'Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
      ],
    ],
  },
  {
    title: 'a fraction where an integer belongs',
    spec: { cronSpec: '* * * * *', replicas: 1.5 },
    expected: [
      [
        'spec.replicas',
        'FieldValueTypeInvalid',
        'Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      ],
    ],
  },
  {
    title: 'a missing required field',
    spec: {},
    expected: [['spec.cronSpec', 'FieldValueRequired', 'Required value']],
  },
  {
    title: 'enums of strings and of numbers',
    spec: { cronSpec: '* * * * *', size: 'XL', level: 3 },
    expected: [
      ['spec.size', 'FieldValueNotSupported', 'Unsupported value: "XL": supported values: "S", "M", "L"'],
      ['spec.level', 'FieldValueNotSupported', 'Unsupported value: 3: supported values: "1", "2"'],
    ],
  },
  {
    title: 'length and bounds',
    spec: { cronSpec: '* * * * *', image: 'ab', replicas: 0, ratio: 0 },
    expected: [
      ['spec.image', 'FieldValueInvalid', 'Invalid value: "ab": spec.image in body should be at least 3 chars long'],
      [
        'spec.replicas',
        'FieldValueInvalid',
        'Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
      ],
      ['spec.ratio', 'FieldValueInvalid', 'Invalid value: 0: spec.ratio in body should be greater than 0'],
    ],
  },
  {
    title: 'item counts',
    spec: { cronSpec: '* * * * *', hosts: ['a', 'b', 'c'] },
    expected: [['spec.hosts', 'FieldValueTooMany', 'Too many: 3: must have at most 2 items']],
  },
  {
    title: 'too few items',
    spec: { cronSpec: '* * * * *', hosts: [] },
    expected: [
      ['spec.hosts', 'FieldValueInvalid', 'Invalid value: 0: spec.hosts in body should have at least 1 items'],
    ],
  },
  {
    title: 'a bad date-time',
    spec: { cronSpec: '* * * * *', when: 'yesterday' },
    expected: [
      [
        'spec.when',
        'FieldValueTypeInvalid',
        'Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
      ],
    ],
  },
  {
    title: 'int-or-string refuses booleans',
    spec: { cronSpec: '* * * * *', port: true },
    expected: [
      [
        'spec.port',
        'FieldValueTypeInvalid',
        'Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      ],
    ],
  },
  {
    title: 'nullable fields accept null, others do not',
    spec: { cronSpec: '* * * * *', note: null, image: null },
    expected: [
      [
        'spec.image',
        'FieldValueTypeInvalid',
        'Invalid value: "null": spec.image in body must be of type string: "null"',
      ],
    ],
  },
  {
    title: 'an embedded resource needs apiVersion and kind',
    spec: { cronSpec: '* * * * *', template: { metadata: { name: 'x' } } },
    expected: [
      ['spec.template.apiVersion', 'FieldValueRequired', 'Required value: must not be empty'],
      ['spec.template.kind', 'FieldValueRequired', 'Required value: must not be empty'],
    ],
  },
];

for (const c of cases) {
  test(`schema validation: ${c.title}`, (t) => {
    const causes = validateValue({ spec: c.spec }, cronTab);
    t.deepEqual(
      causes.map((x) => [x.field, x.reason, x.message]),
      c.expected,
    );
  });
}

test('a value of the wrong type is not checked further', (t) => {
  const causes = validateValue({ spec: { cronSpec: 5 } }, cronTab);
  t.is(causes.length, 1);
  t.is(causes[0]!.message, 'Invalid value: "integer": spec.cronSpec in body must be of type string: "integer"');
});

const lists: JsonSchemaProps = {
  type: 'object',
  properties: {
    tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name', 'protocol'],
      items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' } } },
    },
    env: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
};

const listCases: Array<{ title: string; value: Record<string, unknown>; expected: Array<[string, string]> }> = [
  { title: 'unique items pass', value: { tags: ['a', 'b'], env: [{ name: 'A' }, { name: 'B' }] }, expected: [] },
  {
    title: 'a repeated set item',
    value: { tags: ['a', 'b', 'a', 'a'] },
    expected: [['tags[2]', 'Duplicate value: "a"']],
  },
  {
    title: 'a repeated single map key',
    value: { env: [{ name: 'A' }, { name: 'A' }] },
    expected: [['env[1]', 'Duplicate value: map[string]interface {}{"name":"A"}']],
  },
  {
    title: 'a repeated compound map key',
    value: {
      ports: [
        { name: 'p', protocol: 'TCP' },
        { name: 'p', protocol: 'UDP' },
        { name: 'p', protocol: 'TCP' },
      ],
    },
    expected: [['ports[2]', 'Duplicate value: map[string]interface {}{"name":"p", "protocol":"TCP"}']],
  },
  {
    title: 'a non-object item of a list-type map',
    value: { env: ['A'] },
    expected: [['env[0]', 'Invalid value: "A": must be an object for an array of list-type map']],
  },
];

for (const c of listCases) {
  test(`list types: ${c.title}`, (t) => {
    t.deepEqual(
      validateListSetsAndMaps(c.value, lists).map((x) => [x.field, x.message]),
      c.expected,
    );
  });
}
