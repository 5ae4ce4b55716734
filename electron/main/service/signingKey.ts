// The warehouse's evidence signing key: one Ed25519 key pair made once in the data folder, whose
// private half signs every evidence pack's manifest and whose public half (and its fingerprint) a brand
// owner or customs keeps to check that a pack came from this warehouse unchanged.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_KEY_FILE = 'evidence-signing-key.pem';
export const PUBLIC_KEY_FILE = 'evidence-signing-key.pub.pem';

export interface SigningKey {
  privateKey: KeyObject;
  /** SPKI PEM, as `openssl pkey -pubin` reads it. */
  publicPem: string;
  /** SHA-256 of the public key's DER (SPKI) bytes, lower-case hex: `openssl pkey -pubin -outform DER | sha256sum`. */
  fingerprint: string;
}

/** The fingerprint of a public key: SHA-256 of its SPKI DER encoding, hex. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** A fingerprint as people copy it (groups, colons, capitals, a "SHA256:" prefix) brought to plain hex. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/^sha-?256:/i, '').replace(/[^0-9a-f]/gi, '').toLowerCase();
}

/** Four-character groups, easier to compare by eye on paper. */
export function groupedFingerprint(fp: string): string {
  return fp.replace(/(.{4})(?=.)/g, '$1 ');
}

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the evidence signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: fingerprintOf(publicKey) };
}

/**
 * The data folder's signing key, made on first use. Written with O_EXCL so two processes starting at
 * once cannot each make a key: the loser reads the winner's. The private key is readable by its owner only.
 */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, PRIVATE_KEY_FILE);
  let pem: string | null = null;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (pem === null) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const made = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, made, { flag: 'wx', mode: 0o600 });
      pem = made;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      pem = fs.readFileSync(file, 'utf8');
    }
  }
  const key = fromPrivatePem(pem);
  // The public half beside it, for the README's "give this file to the brand owner" (rewritten if lost).
  const pub = path.join(dataDir, PUBLIC_KEY_FILE);
  if (!fs.existsSync(pub) || fs.readFileSync(pub, 'utf8') !== key.publicPem) fs.writeFileSync(pub, key.publicPem);
  return key;
}

/** Ed25519 over the bytes themselves (no pre-hash): what `openssl pkeyutl -sign -rawin` makes. */
export function signBytes(key: SigningKey, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, bytes, key.privateKey));
}

export function verifyBytes(publicKey: KeyObject, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, bytes, publicKey, signature);
  } catch {
    return false;
  }
}

/** A public key from PEM text; null when the text is not an Ed25519 public key. */
export function readPublicKey(pem: string | Uint8Array): KeyObject | null {
  try {
    const k = createPublicKey(typeof pem === 'string' ? pem : Buffer.from(pem));
    return k.asymmetricKeyType === 'ed25519' ? k : null;
  } catch {
    return null;
  }
}
