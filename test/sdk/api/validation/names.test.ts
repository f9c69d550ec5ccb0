import test from 'ava';
import {
  isConfigMapKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  nameIsDnsSubdomain,
} from '../../../../sdk/api/validation/index.js';

// Expected texts are apimachinery's (k8s.io/apimachinery/pkg/util/validation), as kubectl shows them.
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const qualifiedNameMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const cases: Array<{ title: string; check: (v: string) => string[]; value: string; expected: string[] }> = [
  { title: 'subdomain accepts dots', check: isDns1123Subdomain, value: 'web.example.com', expected: [] },
  {
    title: 'subdomain rejects capitals and underscores',
    check: isDns1123Subdomain,
    value: 'Bad_Name',
    expected: [subdomainMsg],
  },
  {
    title: 'subdomain over 253 characters',
    check: isDns1123Subdomain,
    value: 'a'.repeat(254),
    expected: ['must be no more than 253 characters'],
  },
  { title: 'label accepts digits first', check: isDns1123Label, value: '123-abc', expected: [] },
  { title: 'label rejects a trailing dash', check: isDns1123Label, value: 'web-', expected: [labelMsg] },
  { title: 'label with dots says so', check: isDns1123Label, value: 'a.b', expected: ['must not contain dots'] },
  {
    title: 'label over 63 characters',
    check: isDns1123Label,
    value: 'a'.repeat(64),
    expected: ['must be no more than 63 characters'],
  },
  { title: 'DNS-1035 rejects a leading digit', check: isDns1035Label, value: '1web', expected: [dns1035Msg] },
  { title: 'DNS-1035 accepts a letter first', check: isDns1035Label, value: 'web-1', expected: [] },
  { title: 'label value may be empty', check: isValidLabelValue, value: '', expected: [] },
  { title: 'label value rejects spaces', check: isValidLabelValue, value: 'a b', expected: [labelValueMsg] },
  { title: 'qualified name with a prefix', check: isQualifiedName, value: 'app.kubernetes.io/name', expected: [] },
  {
    title: 'qualified name with an empty name part',
    check: isQualifiedName,
    value: 'example.com/',
    expected: ['name part must be non-empty', qualifiedNameMsg],
  },
  {
    title: 'qualified name with an empty prefix',
    check: isQualifiedName,
    value: '/name',
    expected: ['prefix part must be non-empty'],
  },
  { title: 'config key rejects ..', check: isConfigMapKey, value: '..', expected: ["must not be '..'"] },
  {
    title: 'port name needs a letter',
    check: isValidPortName,
    value: '8080',
    expected: ['must contain at least one letter (a-z)'],
  },
  {
    title: 'port name rejects double hyphens',
    check: isValidPortName,
    value: 'a--b',
    expected: ['must not contain consecutive hyphens'],
  },
];

for (const c of cases) {
  test(c.title, (t) => {
    t.deepEqual(c.check(c.value), c.expected);
  });
}

test('a generateName prefix may end with a dash', (t) => {
  t.deepEqual(nameIsDnsSubdomain('web-', true), []);
  t.deepEqual(nameIsDnsSubdomain('web-', false), [subdomainMsg]);
});
