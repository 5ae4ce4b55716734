// Checks an evidence pack the way its reader must: the manifest's signature against a key the reader
// trusts (a public key file or its fingerprint), every file against the manifest, every photo's name
// against its own hash, every audit event's hash and link, the facts against the audit events, and,
// given the station's database, the events against the live chain and the pack's own recorded manifest hash.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { eventHash, type StoredAuditEvent } from '../db/audit';
import { MANIFEST, PACK_PUBLIC_KEY, SIGNATURE, sha256Hex } from './evidencePack';
import { fingerprintOf, normaliseFingerprint, readPublicKey, verifyBytes } from './signingKey';

export interface PackCheck {
  ok: boolean;
  files: number;
  events: number;
  /** Fingerprint of the key that made a valid signature; null when no key in reach verifies it. */
  signedBy: string | null;
  /** The signature was checked against a key the reader gave (not only the key inside the pack). */
  trustedKey: boolean;
  problems: string[];
}

/** What the reader trusts: the warehouse's public key (PEM) or its fingerprint. */
export interface TrustedKey {
  publicKeyPem?: string;
  fingerprint?: string;
}

/** The station's audit chain, read-only. */
export interface PackChain {
  /** The stored hash of event `seq`, or null when the chain has no such event. */
  hashAt(seq: number): Promise<string | null>;
  /** Every event of an entity (a parcel's tracking number), in order. */
  eventsOf(entityId: string): Promise<StoredAuditEvent[]>;
}

const EVENT = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  details: z.string(),
  prev_hash: z.string(),
  hash: z.string(),
});
const AUDIT_FILE = z.object({ head: EVENT.nullable(), events: z.array(EVENT) });
// Only the facts verify-pack compares with events; the rest of facts.json is for people.
const FACTS_FILE = z.object({
  parcels: z.array(
    z.object({
      parcel: z.object({ trackingNo: z.string() }),
      inspections: z.array(z.object({ inspectionId: z.number(), outcome: z.string(), photoIds: z.array(z.string()) })),
      holds: z.array(z.object({ holdId: z.number(), decisions: z.array(z.object({ id: z.number(), disposition: z.string() })) })),
    }),
  ),
  signingKey: z.object({ fingerprint: z.string() }).optional(),
});
const INSPECTION_DETAILS = z.object({ inspectionId: z.number(), photos: z.array(z.string()).optional() });
const DECISION_DETAILS = z.object({ holdId: z.number() });
const PACK_DETAILS = z.object({ manifest: z.string().optional() });

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

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function parseDetails<T>(schema: z.ZodType<T>, e: StoredAuditEvent): T | null {
  try {
    const r = schema.safeParse(JSON.parse(e.details));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The signature, checked against the trusted key when one is given, else against the pack's own key. */
function checkSignature(files: Map<string, Uint8Array>, manifest: Uint8Array, trusted: TrustedKey | undefined, problems: string[]): { signedBy: string | null; trustedKey: boolean } {
  const signature = files.get(SIGNATURE);
  const packKeyBytes = files.get(PACK_PUBLIC_KEY);
  const packKey = packKeyBytes ? readPublicKey(packKeyBytes) : null;
  if (!signature) {
    problems.push(`${SIGNATURE}: missing: the pack is not signed, so nothing shows who made it`);
    return { signedBy: null, trustedKey: false };
  }
  let key: KeyObject | null = packKey;
  let trustedKey = false;
  if (trusted?.publicKeyPem !== undefined) {
    key = readPublicKey(trusted.publicKeyPem);
    if (!key) {
      problems.push('the public key given is not an Ed25519 public key (PEM)');
      return { signedBy: null, trustedKey: false };
    }
    trustedKey = true;
  } else if (trusted?.fingerprint !== undefined) {
    const want = normaliseFingerprint(trusted.fingerprint);
    if (!packKey) {
      problems.push(`${PACK_PUBLIC_KEY}: missing or not an Ed25519 public key: the signature cannot be checked against fingerprint ${want}`);
      return { signedBy: null, trustedKey: false };
    }
    const have = fingerprintOf(packKey);
    if (have !== want) {
      problems.push(`signature: the pack was signed by key ${have}, not by the trusted key ${want}`);
      return { signedBy: null, trustedKey: false };
    }
    trustedKey = true;
  }
  if (!key) {
    problems.push(`${PACK_PUBLIC_KEY}: missing or not an Ed25519 public key: give the warehouse's key with --key FILE`);
    return { signedBy: null, trustedKey: false };
  }
  if (!verifyBytes(key, manifest, signature)) {
    problems.push(`${SIGNATURE}: bad signature: the manifest was changed after signing, or signed by another key than ${fingerprintOf(key)}`);
    return { signedBy: null, trustedKey };
  }
  return { signedBy: fingerprintOf(key), trustedKey };
}

/** Each parcel's facts (inspections and their outcomes, decisions) against its audit events. */
function checkFactsAgainstEvents(facts: z.infer<typeof FACTS_FILE>, events: StoredAuditEvent[], head: number | null, problems: string[]): void {
  for (const p of facts.parcels) {
    const t = p.parcel.trackingNo;
    const mine = events.filter((e) => e.entity_id === t && (head === null || e.seq <= head));
    const verdicts = mine.filter((e) => /^parcel\.(hold|clear|retake)$/.test(e.action));
    for (const i of p.inspections) {
      const e = verdicts.find((v) => parseDetails(INSPECTION_DETAILS, v)?.inspectionId === i.inspectionId);
      if (!e) {
        problems.push(`facts.json: parcel ${t} inspection ${i.inspectionId} has no audit event`);
        continue;
      }
      const said = e.action === 'parcel.hold' ? 'HOLD' : e.action === 'parcel.clear' ? 'CLEAR' : null;
      if (said && said !== i.outcome) problems.push(`facts.json: parcel ${t} inspection ${i.inspectionId} says ${i.outcome}, but its audit event ${e.seq} says ${said}`);
      const photos = parseDetails(INSPECTION_DETAILS, e)?.photos;
      if (photos && photos.join(',') !== i.photoIds.join(',')) problems.push(`facts.json: parcel ${t} inspection ${i.inspectionId} lists other photos than its audit event ${e.seq}`);
    }
    for (const v of verdicts) {
      const id = parseDetails(INSPECTION_DETAILS, v)?.inspectionId;
      if (!p.inspections.some((i) => i.inspectionId === id)) problems.push(`facts.json: parcel ${t} leaves out inspection ${id ?? '?'} of audit event ${v.seq}`);
    }
    const decisionEvents = mine.filter((e) => e.action.startsWith('hold.') && e.action !== 'hold.locate');
    for (const h of p.holds) {
      const said = decisionEvents.filter((e) => parseDetails(DECISION_DETAILS, e)?.holdId === h.holdId).map((e) => e.action);
      const facts = h.decisions.map((d) => `hold.${d.disposition.toLowerCase()}`);
      if (said.join(',') !== facts.join(',')) problems.push(`facts.json: parcel ${t} hold ${h.holdId} decisions [${facts.join(', ')}] disagree with its audit events [${said.join(', ')}]`);
    }
  }
}

/**
 * Checks a pack (folder or zip). Problems come in the order a reader needs them: the signature, then
 * each file against the manifest (the first changed file first), photo names, audit events, facts.
 */
export async function verifyEvidencePack(where: string, options: { trusted?: TrustedKey; chain?: PackChain } = {}): Promise<PackCheck> {
  const problems: string[] = [];
  const files = await readPack(where);
  const manifest = files.get(MANIFEST);
  if (!manifest) return { ok: false, files: files.size, events: 0, signedBy: null, trustedKey: false, problems: [`${MANIFEST} is missing: not an evidence pack, or it was removed`] };
  const { signedBy, trustedKey } = checkSignature(files, manifest, options.trusted, problems);

  const listed = new Map<string, string>();
  for (const line of text(manifest).split('\n')) {
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
  for (const name of files.keys()) if (name !== MANIFEST && name !== SIGNATURE && !listed.has(name)) problems.push(`${name}: added (not in the manifest)`);
  // A photo is named by the hash of its bytes: another photo under an old name is a swap.
  for (const [name, bytes] of files) {
    const m = /^photos\/([^/]+?)(?:\.[a-z]+)?$/.exec(name);
    if (!m) continue;
    const actual = sha256Hex(bytes);
    if (m[1] !== actual) problems.push(`${name}: its name is not its SHA-256 (the file's hash is ${actual}): another file was put under this name`);
  }

  let events = 0;
  const auditBytes = files.get('audit.json');
  let audit: z.infer<typeof AUDIT_FILE> | null = null;
  if (!auditBytes) problems.push('audit.json: missing');
  else {
    try {
      const parsed = AUDIT_FILE.safeParse(JSON.parse(text(auditBytes)));
      if (parsed.success) audit = parsed.data;
      else problems.push(`audit.json: not an audit excerpt (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    } catch (e) {
      problems.push(`audit.json: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (audit) {
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
    if (options.chain) {
      for (const e of all) {
        const live = await options.chain.hashAt(e.seq);
        if (live === null) problems.push(`audit.json: event ${e.seq} is not in this database's audit chain`);
        else if (live !== e.hash) problems.push(`audit.json: event ${e.seq} differs from this database's audit chain`);
      }
    }
  }

  const factsBytes = files.get('facts.json');
  let facts: z.infer<typeof FACTS_FILE> | null = null;
  if (!factsBytes) problems.push('facts.json: missing');
  else {
    try {
      const parsed = FACTS_FILE.safeParse(JSON.parse(text(factsBytes)));
      if (parsed.success) facts = parsed.data;
      else problems.push(`facts.json: not the facts of an evidence pack (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    } catch (e) {
      problems.push(`facts.json: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (facts && audit) {
    const head = audit.head?.seq ?? null;
    checkFactsAgainstEvents(facts, audit.events, head, problems);
    if (signedBy && facts.signingKey && normaliseFingerprint(facts.signingKey.fingerprint) !== signedBy) {
      problems.push(`facts.json: names signing key ${facts.signingKey.fingerprint}, but the pack was signed by ${signedBy}`);
    }
    if (options.chain) {
      const manifestHash = sha256Hex(manifest);
      for (const p of facts.parcels) {
        const t = p.parcel.trackingNo;
        const live = await options.chain.eventsOf(t);
        // The pack must carry every event of the parcel up to its chain head: none left out.
        const inPack = new Set(audit.events.filter((e) => e.entity_id === t).map((e) => e.seq));
        const left = live.filter((e) => (head === null || e.seq <= head) && !inPack.has(e.seq));
        if (left.length) problems.push(`audit.json: parcel ${t} leaves out audit event${left.length > 1 ? 's' : ''} ${left.map((e) => `${e.seq} (${e.action})`).join(', ')} of this database`);
        checkFactsAgainstEvents({ parcels: [p] }, live, head, problems);
        const recorded = live.some((e) => e.action === 'evidence.pack' && parseDetails(PACK_DETAILS, e)?.manifest === manifestHash);
        if (!recorded) problems.push(`${MANIFEST}: no evidence.pack audit event of parcel ${t} records this manifest's hash ${manifestHash}: this database did not make this pack`);
      }
    }
  }
  return { ok: problems.length === 0, files: files.size, events, signedBy, trustedKey, problems: [...new Set(problems)] };
}
