import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ResourceType } from '../../../../sdk/api/resource-type.js';
import {
  findUnknownFields,
  strictDecodingError,
  fieldValidationWarnings,
} from '../../../../core/apiserver/openapi/field-validation.js';
import { OpenApiDocuments } from '../../../../core/apiserver/openapi/openapi-documents.js';
import { schemaFor } from '../../../../core/apiserver/openapi/schema-graph.js';
import { whenAvailable } from '../../../helpers/e2e-requirement.js';
import { kubectl, kubectlAvailable } from '../../../helpers/kubectl.js';

// The real kubectl against a minimal loopback server that serves discovery and the OpenAPI documents
// built here, and answers creates with strict field validation: what kubectl reads from the documents
// (explain, fieldValidation support) is checked by kubectl itself.

const types: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    schemaName: 'io.k8s.api.core.v1.Pod',
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    schemaName: 'io.k8s.api.apps.v1.Deployment',
  },
];
const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Seen {
  method: string;
  url: string;
}

function startFakeServer(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const docs = new OpenApiDocuments(() => types);
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    seen.push({ method: req.method ?? 'GET', url: req.url ?? '/' });
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const p = url.pathname;
    if (p === '/version')
      return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0-capstan-test', platform: 'linux/amd64' });
    if (p === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (p === '/apis') {
      const gv = { groupVersion: 'apps/v1', version: 'v1' };
      return send(200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [{ name: 'apps', versions: [gv], preferredVersion: gv }],
      });
    }
    const list = /^\/(?:api\/v1|apis\/apps\/v1)$/.exec(p);
    if (list) {
      const group = p === '/api/v1' ? '' : 'apps';
      return send(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? 'apps/v1' : 'v1',
        resources: types
          .filter((t) => t.group === group)
          .map((t) => ({
            name: t.plural,
            singularName: t.singular,
            namespaced: t.namespaced,
            kind: t.kind,
            verbs,
            shortNames: t.shortNames,
          })),
      });
    }
    if (p === '/openapi/v3') return send(200, docs.v3Index());
    if (p.startsWith('/openapi/v3/')) {
      const doc = docs.v3Document(p.slice('/openapi/v3/'.length));
      return doc ? send(200, doc.body, { ETag: `"${doc.hash}"` }) : send(404, {});
    }
    const create = /^\/(?:api\/v1|apis\/apps\/v1)\/namespaces\/([^/]+)\/([^/]+)$/.exec(p);
    if (create && req.method === 'POST') {
      const type = types.find((t) => t.plural === create[2])!;
      const obj = JSON.parse(await readAll(req)) as Record<string, unknown>;
      const unknown = findUnknownFields(obj, schemaFor(type.schemaName!)!);
      const mode = url.searchParams.get('fieldValidation') ?? 'Warn';
      if (unknown.length && mode === 'Strict') {
        const err = strictDecodingError(type.kind, type.version, unknown);
        return send(err.code, err.toStatus());
      }
      const warnings = mode === 'Warn' ? fieldValidationWarnings(unknown).map((w) => `299 - ${JSON.stringify(w)}`) : [];
      res.setHeader('Warning', warnings);
      return send(201, {
        ...obj,
        metadata: { ...(obj.metadata as object), namespace: create[1], uid: 'u1', resourceVersion: '1' },
      });
    }
    send(404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'not found',
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    });
  });
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function writeKubeconfig(dir: string, server: string): string {
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: "${server}"}}]
users: [{name: fake, user: {}}]
contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]
current-context: fake
`,
  );
  return file;
}

const kubectlTest = whenAvailable(test, kubectlAvailable(), 'kubectl is not installed');

kubectlTest.serial('kubectl explain and strict create work from the served OpenAPI v3 documents', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-openapi-kubectl-'));
  const { server, url, seen } = await startFakeServer();
  try {
    const kubeconfig = writeKubeconfig(dir, url);

    const explain = await kubectl(kubeconfig, ['explain', 'pods.spec.containers.ports']);
    t.is(explain.code, 0, explain.stderr);
    t.regex(explain.stdout, /KIND:\s+Pod/);
    t.regex(explain.stdout, /containerPort\s+<integer> -required-/);
    t.regex(explain.stdout, /protocol\s+<string>/);

    const explainDeploy = await kubectl(kubeconfig, ['explain', 'deployments.spec']);
    t.is(explainDeploy.code, 0, explainDeploy.stderr);
    t.regex(explainDeploy.stdout, /template\s+<PodTemplateSpec> -required-/);
    t.regex(explainDeploy.stdout, /replicas\s+<integer>/);

    const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: c
    image: busybox
    imagePullPolicyy: Always
`;
    const created = await kubectl(kubeconfig, ['create', '-f', '-'], { stdin: manifest });
    t.not(created.code, 0);
    t.regex(
      created.stderr,
      /Error from server \(BadRequest\): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec\.containers\[0\]\.imagePullPolicyy"/,
    );
    // kubectl found fieldValidation support in the v3 document, so it asked the server to be strict.
    const post = seen.find((s) => s.method === 'POST');
    t.truthy(post);
    t.regex(post!.url, /fieldValidation=Strict/);

    const ok = await kubectl(kubeconfig, ['create', '-f', '-', '-o', 'json'], {
      stdin: manifest.replace('imagePullPolicyy', 'imagePullPolicy'),
    });
    t.is(ok.code, 0, ok.stderr);
    t.is(parse(ok.stdout).metadata.name, 'typo');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
