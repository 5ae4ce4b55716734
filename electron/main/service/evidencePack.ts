// Evidence packs for customs, brand owners and police: for each parcel the facts (JSON), a bilingual
// A4 report (PDF), the original photos and documents, the parcel's audit events with their chain
// hashes and the chain head, and a manifest of SHA-256 hashes of every file (sha256sum format) signed
// with the warehouse's Ed25519 key (signingKey.ts), whose public half travels in the pack.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { zipSync } from 'fflate';
import type { ParcelDetail, ProofRequestRow } from '../../../shared/api';
import type { HoldClocks } from '../../../shared/holds/clocks';
import type { StoredAuditEvent } from '../db/audit';
import { renderEvidencePdf } from './evidencePdf';
import { flattenPdf } from './pdfFlatten';
import { signBytes, type SigningKey } from './signingKey';

export const MANIFEST = 'manifest.sha256';
/** The raw 64-byte Ed25519 signature of the manifest's bytes (not itself listed in the manifest). */
export const SIGNATURE = 'manifest.sha256.sig';
/** The public half of the key that signed the pack (listed in the manifest; trusted only by its fingerprint). */
export const PACK_PUBLIC_KEY = 'signing-key.pub.pem';

export interface PackParcel extends ParcelDetail {
  proofRequests: ProofRequestRow[];
  clocks: HoldClocks | null;
  audit: StoredAuditEvent[];
}

export interface PackFacts {
  format: 'parcel-gate-evidence-pack/1';
  generatedAt: string;
  generatedBy: string;
  /** Every ruleset version that made a verdict in this pack. */
  rulesetVersions: number[];
  parcels: PackParcel[];
  /** The last event of the whole audit chain when the pack was made. */
  chainHead: StoredAuditEvent | null;
  /** SHA-256 of the signing key's public half (SPKI DER), hex: the same fingerprint the report's cover prints. */
  signingKey: { fingerprint: string };
}

export interface StoredFile {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
}

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every photo and document a parcel's record cites. */
export function filesOf(p: PackParcel): string[] {
  const ids = new Set<string>();
  for (const i of p.inspections) for (const id of i.photoIds) ids.add(id);
  for (const h of p.holds) for (const d of h.decisions) for (const id of d.documents) ids.add(id);
  for (const r of p.proofRequests) for (const d of r.documents) ids.add(d.sha256);
  return [...ids];
}

/** `flattened/<sha256 of the original>/page-N.png`, or a note saying why a stored PDF could not be drawn. */
async function flattened(sha256: string, bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  try {
    const { pages, total } = await flattenPdf(bytes);
    for (const p of pages) out.set(`flattened/${sha256}/page-${p.page}.png`, p.png);
    if (total > pages.length) out.set(`flattened/${sha256}/README.txt`, new TextEncoder().encode(`Pages 1-${pages.length} of ${total} drawn; the original is photos/${sha256}.pdf\n`));
  } catch (e) {
    out.set(`flattened/${sha256}/NOT-FLATTENED.txt`, new TextEncoder().encode(`This PDF could not be drawn as page images (${e instanceof Error ? e.message : String(e)}); the original is photos/${sha256}.pdf\n`));
  }
  return out;
}

/** The pack's files, path → bytes, the manifest and its signature last. */
export async function buildEvidencePack(facts: PackFacts, load: (sha256: string) => Promise<StoredFile>, key: SigningKey): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const photos = new Map<string, StoredFile>();
  for (const p of facts.parcels) {
    for (const id of filesOf(p)) {
      if (photos.has(id)) continue;
      const f = await load(id);
      photos.set(id, f);
      files.set(`photos/${id}.${EXT[f.mime] ?? 'bin'}`, f.bytes);
      // A customer's PDF also as page images, so a reader sees what it said without opening the original.
      if (f.mime === 'application/pdf') {
        for (const [name, bytes] of await flattened(id, f.bytes)) files.set(name, bytes);
      }
    }
  }
  const enc = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  files.set('facts.json', enc(facts));
  files.set('audit.json', enc({ note: 'Audit events exactly as stored; each hash is recomputed by verify-pack.', head: facts.chainHead, events: facts.parcels.flatMap((p) => p.audit) }));
  files.set('report.pdf', await renderEvidencePdf(facts, photos));
  files.set(PACK_PUBLIC_KEY, new TextEncoder().encode(key.publicPem));
  const manifest = [...files].map(([name, bytes]) => `${sha256Hex(bytes)}  ${name}`).sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  const manifestBytes = new TextEncoder().encode(`${manifest.join('\n')}\n`);
  files.set(MANIFEST, manifestBytes);
  files.set(SIGNATURE, signBytes(key, manifestBytes));
  return files;
}

export async function writePackFolder(dir: string, files: Map<string, Uint8Array>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const existing = await fs.readdir(dir);
  if (existing.length) throw new Error(`${dir} is not empty: choose a new folder for the evidence pack`);
  for (const [name, bytes] of files) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes, { flag: 'wx' });
  }
}

export function zipPack(files: Map<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(files), { level: 6 });
}
