import { createHash, X509Certificate } from 'node:crypto';
import { connect, type DetailedPeerCertificate } from 'node:tls';

/**
 * The pin of a CA certificate as kubeadm writes it (`--discovery-token-ca-cert-hash`):
 * `sha256:` and the hex SHA-256 of the certificate's DER SubjectPublicKeyInfo.
 */
export function caCertHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** Thrown when the server's CA cannot be found or does not match the pin. */
export class CaDiscoveryError extends Error {}

/**
 * Fetches the CA certificate of an API server from the chain it presents (the server sends its
 * CA after its own certificate), sending nothing but the TLS handshake, and checks it against
 * `expectedHash` (see caCertHash). Returns the CA as PEM. Throws CaDiscoveryError when the server
 * presents no CA, or a CA whose pin differs.
 */
export function discoverCa(serverUrl: string, expectedHash: string, timeoutMs = 10_000): Promise<string> {
  const url = new URL(serverUrl);
  if (url.protocol !== 'https:') return Promise.reject(new CaDiscoveryError(`${serverUrl} is not an https:// URL`));
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      servername: /^[\d.:[\]]+$/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new CaDiscoveryError(`no TLS answer from ${serverUrl}`)));
    socket.once('error', (e) => reject(e instanceof CaDiscoveryError ? e : new CaDiscoveryError(e.message)));
    socket.once('secureConnect', () => {
      const chain: DetailedPeerCertificate[] = [];
      for (let c = socket.getPeerCertificate(true); c && c.raw && !chain.includes(c); c = c.issuerCertificate)
        chain.push(c);
      socket.end();
      const pems = chain.map(
        (c) =>
          `-----BEGIN CERTIFICATE-----\n${c.raw.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`,
      );
      const cas = pems.filter((p) => new X509Certificate(p).ca);
      const match = cas.find((p) => caCertHash(p) === expectedHash);
      if (match) return resolve(match.replace(/\n\n/g, '\n'));
      reject(
        new CaDiscoveryError(
          cas.length === 0
            ? `${serverUrl} presents no CA certificate to pin`
            : `the CA of ${serverUrl} does not match ${expectedHash} (it is ${caCertHash(cas[0]!)}): wrong server, or a man in the middle`,
        ),
      );
    });
  });
}
