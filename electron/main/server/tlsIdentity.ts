// The warehouse server's TLS identity: a given certificate and key, or a self-signed one made once and
// kept in the server's folder (so its fingerprint, which every station pins, survives a restart).
// Stations check the server by that SHA-256 fingerprint, not by a certificate authority.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsIdentity {
  cert: string;
  key: string;
  /** "sha256:" and the certificate's SHA-256 in 64 lower-case hex digits, as station.json pins it. */
  fingerprint: string;
  /** Made here now (the operator must pass the fingerprint to the stations' admins). */
  generated: boolean;
}

/** The fingerprint as station.json writes it, from a PEM certificate or its DER bytes. */
export function certFingerprint(cert: string | Buffer): string {
  return `sha256:${new X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase()}`;
}

/** Same form as certFingerprint; accepts colons and either case, as people copy it. */
export function normaliseFingerprint(text: string): string | null {
  const m = /^(?:sha256:)?([0-9a-f:]+)$/i.exec(text.trim());
  const hex = m?.[1].replace(/:/g, '').toLowerCase();
  return hex && /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex}` : null;
}

export async function tlsIdentity(opts: { cert?: string; key?: string; dir: string; hosts: string[] }): Promise<TlsIdentity> {
  if (opts.cert || opts.key) {
    if (!opts.cert || !opts.key) throw new Error('Give both --cert and --key, or neither (a self-signed certificate is then made).');
    const cert = readPem(opts.cert, 'certificate');
    const key = readPem(opts.key, 'key');
    return { cert, key, fingerprint: certFingerprint(cert), generated: false };
  }
  const certFile = path.join(opts.dir, 'server-cert.pem');
  const keyFile = path.join(opts.dir, 'server-key.pem');
  if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    const cert = readPem(certFile, 'certificate');
    return { cert, key: readPem(keyFile, 'key'), fingerprint: certFingerprint(cert), generated: false };
  }
  const altNames = opts.hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const pems = await generate([{ name: 'commonName', value: 'Parcel Gate warehouse server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  fs.mkdirSync(opts.dir, { recursive: true });
  // The key first and private to this account: a certificate without its key is useless, the reverse is a leak.
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, fingerprint: certFingerprint(pems.cert), generated: true };
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the ${what} file ${file}.`);
  }
}
