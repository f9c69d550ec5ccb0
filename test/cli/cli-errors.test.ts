import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestControlPlane, type TestControlPlane } from '../helpers/control-plane.js';
import { capstan } from './cli-run.js';

let plane: TestControlPlane;
const dir = mkdtempSync(join(tmpdir(), 'capstan-cli-errors-'));
let closedPortKubeconfig: string;

test.before(async () => {
  plane = await startTestControlPlane();
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  closedPortKubeconfig = join(dir, 'closed.yaml');
  writeFileSync(
    closedPortKubeconfig,
    plane.kubeconfig.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`),
  );
});
test.after.always(async () => plane?.destroy());

const cases: { title: string; args: () => string[]; code: number; stderr: RegExp }[] = [
  {
    title: 'an unknown flag',
    args: () => ['get', 'pods', '--bogus', '--kubeconfig', plane.kubeconfigPath],
    code: 2,
    stderr: /^error: Nonexistent flag: --bogus/,
  },
  {
    title: 'a flag value of the wrong type',
    args: () => ['scale', 'deploy/x', '--replicas', 'many'],
    code: 2,
    stderr: /^error: .*replicas/,
  },
  {
    title: 'a missing required flag',
    args: () => ['scale', 'deploy/x', '--kubeconfig', plane.kubeconfigPath],
    code: 2,
    stderr: /^error: .*replicas/,
  },
  {
    title: 'get without a type',
    args: () => ['get', '--kubeconfig', plane.kubeconfigPath],
    code: 2,
    stderr: /^error: you must specify the type of resource to get/,
  },
  {
    title: 'a missing manifest file',
    args: () => ['apply', '-f', join(dir, 'nope.yaml'), '--kubeconfig', plane.kubeconfigPath],
    code: 1,
    stderr: /^error: the path ".*nope\.yaml" does not exist$/,
  },
  {
    title: 'a malformed manifest',
    args: () => ['apply', '-f', join(dir, 'bad.yaml'), '--kubeconfig', plane.kubeconfigPath],
    code: 1,
    stderr: /^error: error (parsing|validating)/,
  },
  {
    title: 'an unreachable server',
    args: () => ['get', 'pods', '--kubeconfig', closedPortKubeconfig],
    code: 1,
    stderr: /^The connection to the server 127\.0\.0\.1:\d+ was refused - did you specify the right host or port\?$/,
  },
  {
    title: 'a wrong context',
    args: () => ['get', 'pods', '--kubeconfig', plane.kubeconfigPath, '--context', 'nope'],
    code: 1,
    stderr: /^error: context "nope" does not exist in .* \(contexts: capstan\)$/,
  },
  {
    title: 'a missing kubeconfig file',
    args: () => ['get', 'pods', '--kubeconfig', join(dir, 'missing.yaml')],
    code: 1,
    stderr: /^error: stat .*missing\.yaml: no such file or directory/,
  },
  {
    title: 'an unknown resource type',
    args: () => ['get', 'widgets', '--kubeconfig', plane.kubeconfigPath],
    code: 1,
    stderr: /^error: the server doesn't have a resource type "widgets"$/,
  },
  {
    title: 'a missing object',
    args: () => ['get', 'pod', 'ghost', '--kubeconfig', plane.kubeconfigPath],
    code: 1,
    stderr: /^Error from server \(NotFound\): pods "ghost" not found$/,
  },
  {
    title: 'a bad output format',
    args: () => ['get', 'pods', '-o', 'xml', '--kubeconfig', plane.kubeconfigPath],
    code: 2,
    stderr: /^error: unable to match a printer suitable for the output format "xml"/,
  },
];

for (const c of cases) {
  test(`${c.title}: one line on stderr, exit ${c.code}, no stack trace`, async (t) => {
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: [unclosed\n');
    const r = await capstan(c.args());
    t.is(r.code, c.code, r.stderr);
    t.is(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    t.regex(r.stderr.trimEnd(), c.stderr);
    t.notRegex(r.stderr, /\s+at .*\.js:\d+/);
  });
}

test('--debug adds the stack trace; --json puts the error on stdout as JSON', async (t) => {
  const debug = await capstan(['get', 'pods', '--kubeconfig', closedPortKubeconfig, '--debug']);
  t.is(debug.code, 1);
  t.regex(debug.stderr, /was refused[\s\S]*\n\s+at /);
  const json = await capstan(['token', 'list', '--json', '--kubeconfig', closedPortKubeconfig]);
  t.is(json.code, 1);
  t.regex(JSON.parse(json.stdout).error.message, /was refused/);
});

test('NO_COLOR and pipes get no escape codes; FORCE_COLOR does', async (t) => {
  const plain = await capstan(['get', 'widgets', '--kubeconfig', plane.kubeconfigPath]);
  t.false(plain.stderr.includes('\u001b['));
  const forced = await capstan(['get', 'widgets', '--kubeconfig', plane.kubeconfigPath], {
    env: { NO_COLOR: '', FORCE_COLOR: '1' },
  });
  t.true(forced.stderr.includes('\u001b[31merror\u001b[39m'));
});
