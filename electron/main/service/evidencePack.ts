// Evidence packs for customs, brand owners and police: for each parcel the facts (JSON), a bilingual
// A4 report (PDF), the original photos and documents, the parcel's audit events with their chain
// hashes and the chain head, and a manifest of SHA-256 hashes of every file (sha256sum format).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { ParcelDetail, ProofRequestRow } from '../../../shared/api';
import type { HoldClocks } from '../../../shared/holds/clocks';
import { eventHash, type StoredAuditEvent } from '../db/audit';
import { renderEvidencePdf } from './evidencePdf';

export const MANIFEST = 'manifest.sha256';

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

/** The pack's files, path → bytes, the manifest last. */
export async function buildEvidencePack(facts: PackFacts, load: (sha256: string) => Promise<StoredFile>): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const photos = new Map<string, StoredFile>();
  for (const p of facts.parcels) {
    for (const id of filesOf(p)) {
      if (photos.has(id)) continue;
      const f = await load(id);
      photos.set(id, f);
      files.set(`photos/${id}.${EXT[f.mime] ?? 'bin'}`, f.bytes);
    }
  }
  const enc = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  files.set('facts.json', enc(facts));
  files.set('audit.json', enc({ note: 'Audit events exactly as stored; each hash is recomputed by verify-pack.', head: facts.chainHead, events: facts.parcels.flatMap((p) => p.audit) }));
  files.set('report.pdf', await renderEvidencePdf(facts, photos));
  const manifest = [...files].map(([name, bytes]) => `${sha256Hex(bytes)}  ${name}`).sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  files.set(MANIFEST, new TextEncoder().encode(`${manifest.join('\n')}\n`));
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

// ---- verification ---------------------------------------------------------------------------

export interface PackCheck {
  ok: boolean;
  files: number;
  events: number;
  problems: string[];
}

async function readPack(where: string): Promise<Map<string, Uint8Array>> {
  const stat = await fs.stat(where);
  if (stat.isFile()) {
    const entries = unzipSync(new Uint8Array(await fs.readFile(where)));
    return new Map(Object.entries(entries).filter(([n]) => !n.endsWith('/')));
  }
  const files = new Map<string, Uint8Array>();
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(where, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(r);
      else files.set(r, new Uint8Array(await fs.readFile(path.join(where, r))));
    }
  };
  await walk('');
  return files;
}

/**
 * Checks a pack (folder or zip): every file against the manifest (changed, missing, added), and every
 * audit event's hash recomputed by the audit module, links between consecutive events, and the head.
 * With `chain`, each event and the head are also looked up in the live audit chain.
 */
export async function verifyEvidencePack(where: string, chain?: (seq: number) => Promise<string | null>): Promise<PackCheck> {
  const problems: string[] = [];
  const files = await readPack(where);
  const manifest = files.get(MANIFEST);
  if (!manifest) return { ok: false, files: files.size, events: 0, problems: [`${MANIFEST} is missing: not an evidence pack, or it was removed`] };
  const listed = new Map<string, string>();
  for (const line of new TextDecoder().decode(manifest).split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m) {
      problems.push(`${MANIFEST}: unreadable line "${line.slice(0, 80)}"`);
      continue;
    }
    listed.set(m[2], m[1]);
  }
  for (const [name, hash] of listed) {
    const bytes = files.get(name);
    if (!bytes) problems.push(`${name}: missing (listed in the manifest)`);
    else if (sha256Hex(bytes) !== hash) problems.push(`${name}: changed (its SHA-256 no longer matches the manifest)`);
  }
  for (const name of files.keys()) if (name !== MANIFEST && !listed.has(name)) problems.push(`${name}: added (not in the manifest)`);

  let events = 0;
  const auditBytes = files.get('audit.json');
  if (auditBytes) {
    try {
      const audit = JSON.parse(new TextDecoder().decode(auditBytes)) as { head: StoredAuditEvent | null; events: StoredAuditEvent[] };
      const all = [...audit.events, ...(audit.head ? [audit.head] : [])];
      events = audit.events.length;
      const bySeq = new Map<number, StoredAuditEvent>();
      for (const e of all) {
        if (eventHash(e) !== e.hash) problems.push(`audit.json: event ${e.seq} does not match its hash (it was changed)`);
        bySeq.set(e.seq, e);
      }
      for (const e of all) {
        const before = bySeq.get(e.seq - 1);
        if (before && e.prev_hash !== before.hash) problems.push(`audit.json: event ${e.seq} does not link to event ${before.seq}`);
        if (audit.head && e.seq > audit.head.seq) problems.push(`audit.json: event ${e.seq} is after the chain head ${audit.head.seq}`);
      }
      if (chain) {
        for (const e of all) {
          const live = await chain(e.seq);
          if (live === null) problems.push(`audit.json: event ${e.seq} is not in this database's audit chain`);
          else if (live !== e.hash) problems.push(`audit.json: event ${e.seq} differs from this database's audit chain`);
        }
      }
    } catch (e) {
      problems.push(`audit.json: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
  } else problems.push('audit.json: missing');
  return { ok: problems.length === 0, files: files.size, events, problems };
}
