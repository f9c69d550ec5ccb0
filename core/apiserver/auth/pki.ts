import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/** PEM material the API server and its clients use. */
export interface ClusterPki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** The admin client certificate (CN=kubernetes-admin, O=system:masters). */
  adminCert: string;
  adminKey: string;
}

/**
 * Loads the cluster's PKI from `<dir>`, or creates it on first start: a self-signed CA, a serving
 * certificate for loopback and the host name, and an admin client certificate.
 * Keys are written with mode 0600.
 */
export function loadOrCreatePki(dir: string, extraSans: string[] = []): ClusterPki {
  const file = (n: string) => join(dir, n);
  const names = ['ca.crt', 'ca.key', 'server.crt', 'server.key', 'admin.crt', 'admin.key'];
  if (names.every((n) => existsSync(file(n)))) {
    const [caCert, caKey, serverCert, serverKey, adminCert, adminKey] = names.map((n) => readFileSync(file(n), 'utf8'));
    return {
      caCert: caCert!,
      caKey: caKey!,
      serverCert: serverCert!,
      serverKey: serverKey!,
      adminCert: adminCert!,
      adminKey: adminKey!,
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = newKeyPair();
  const caCert = certificate({
    subject: [{ name: 'commonName', value: 'capstan-ca' }],
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    isCa: true,
    years: 10,
  });
  const server = newKeyPair();
  const altNames: Array<{ type: number; value?: string; ip?: string }> = [
    { type: 2, value: 'localhost' },
    { type: 2, value: 'kubernetes' },
    { type: 2, value: 'kubernetes.default' },
    { type: 2, value: 'kubernetes.default.svc' },
    { type: 2, value: 'kubernetes.default.svc.cluster.local' },
    { type: 2, value: hostname() },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
    ...extraSans.map((s) => (/^[\d.:]+$/.test(s) ? { type: 7, ip: s } : { type: 2, value: s })),
  ];
  const serverCert = certificate({
    subject: [{ name: 'commonName', value: 'kube-apiserver' }],
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    issuer: caCert,
    altNames,
    extKeyUsage: { serverAuth: true },
    years: 5,
  });
  const admin = newKeyPair();
  const adminCert = certificate({
    subject: [
      { name: 'commonName', value: 'kubernetes-admin' },
      { name: 'organizationName', value: 'system:masters' },
    ],
    publicKey: admin.publicKey,
    signingKey: ca.privateKey,
    issuer: caCert,
    extKeyUsage: { clientAuth: true },
    years: 5,
  });
  const pki: ClusterPki = {
    caCert: forge.pki.certificateToPem(caCert),
    caKey: ca.pem,
    serverCert: forge.pki.certificateToPem(serverCert),
    serverKey: server.pem,
    adminCert: forge.pki.certificateToPem(adminCert),
    adminKey: admin.pem,
  };
  const write = (n: string, v: string, secret: boolean) => writeFileSync(file(n), v, { mode: secret ? 0o600 : 0o644 });
  write('ca.crt', pki.caCert, false);
  write('ca.key', pki.caKey, true);
  write('server.crt', pki.serverCert, false);
  write('server.key', pki.serverKey, true);
  write('admin.crt', pki.adminCert, false);
  write('admin.key', pki.adminKey, true);
  return pki;
}

function newKeyPair(): { pem: string; privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // Node's native RSA generation is fast; forge only signs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const fk = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, privateKey: fk, publicKey: forge.pki.rsa.setPublicKey(fk.n, fk.e) };
}

function certificate(o: {
  subject: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  signingKey: forge.pki.rsa.PrivateKey;
  issuer?: forge.pki.Certificate;
  isCa?: boolean;
  altNames?: Array<{ type: number; value?: string; ip?: string }>;
  extKeyUsage?: Record<string, boolean>;
  years: number;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = o.publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = new Date(Date.now() - 60_000);
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + o.years * 365 * 24 * 3600 * 1000);
  cert.setSubject(o.subject);
  cert.setIssuer(o.issuer ? o.issuer.subject.attributes : o.subject);
  const ext: object[] = [
    { name: 'basicConstraints', cA: !!o.isCa, critical: true },
    o.isCa
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (o.extKeyUsage) ext.push({ name: 'extKeyUsage', ...o.extKeyUsage });
  if (o.altNames) ext.push({ name: 'subjectAltName', altNames: o.altNames });
  cert.setExtensions(ext);
  cert.sign(o.signingKey, forge.md.sha256.create());
  return cert;
}
