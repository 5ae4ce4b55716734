// The append-only audit log: each event carries the SHA-256 of the one before, so any edit shows.
import { createHash } from 'node:crypto';
import type { Db } from './database';
import type { Sql } from './sql';
import { SqlWhere } from './sqlWhere';
import type { AuditEventRow, AuditVerifyResult, ChainHead } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonicalJson';
import { walkChainParallel, type AuditSource, type ChainWalk } from './auditVerifyParallel';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: unknown;
}

/** An audit event row as stored: the fields that are hashed, with `details` as the stored text. */
export interface StoredAuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/**
 * Version 1 (events before migration 3): fields joined by a separator that may itself occur inside a
 * field, so two different events could share a hash. Kept only to verify the history written with it.
 */
export function eventHashV1(e: Omit<StoredAuditEvent, 'hash'>): string {
  const body = [e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.details].join('\u241E');
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Version 2: the canonical JSON of every field (strings escaped, keys sorted): one encoding per event. */
export function eventHash(e: Omit<StoredAuditEvent, 'hash'>): string {
  // Every value is a string or a number, so JSON.stringify of the keys written in sorted order is the
  // canonical JSON byte for byte (test/unit/auditHash.test.ts) without sorting a million times over.
  const body = JSON.stringify({
    action: e.action,
    actor: e.actor,
    at: e.at,
    details: e.details,
    entityId: e.entity_id,
    entityType: e.entity_type,
    prevHash: e.prev_hash,
    seq: e.seq,
    v: 2,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The version 2 encoding as first written: the canonical JSON of the fields (kept to test eventHash against). */
export function eventBodyCanonical(e: Omit<StoredAuditEvent, 'hash'>): string {
  return canonicalJson({ v: 2, seq: e.seq, at: e.at, actor: e.actor, action: e.action, entityType: e.entity_type, entityId: e.entity_id, details: e.details, prevHash: e.prev_hash });
}

/** The first event hashed with version 2 (set once by migration 3, never changed; a trigger guards it). */
export async function v2From(db: Sql): Promise<number> {
  const r = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'audit_v2_from'");
  return r ? Number(r.value) : 1;
}

export type { ChainHead };

const HEAD_SQL = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';
const INSERT_SQL = `INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash)
  VALUES (@seq, @at, @actor, @action, @entity_type, @entity_id, @details, @prev_hash, @hash)`;

export async function chainHead(db: Sql): Promise<ChainHead | null> {
  const r = await db.get<ChainHead>(HEAD_SQL);
  return r ? { seq: Number(r.seq), hash: r.hash } : null;
}

/** An anchor: a (seq, hash) the chain once had, kept outside the database (anchor log, a printed manifest or tag). */
export interface Anchor extends ChainHead {
  source: string;
}

/** An event's details as stored and hashed: canonical JSON, `{}` when there are none. */
export function detailsText(input: AuditInput): string {
  return canonicalJson(input.details ?? {});
}

/** The event that follows `last` (or starts the chain): its row with its hash, ready to insert. */
export function chained(last: ChainHead | undefined, input: AuditInput, at: string): StoredAuditEvent {
  const row = {
    seq: (last ? Number(last.seq) : 0) + 1,
    at,
    actor: input.actor,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    details: detailsText(input),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  return { ...row, hash: eventHash(row) };
}

/**
 * Appends one event. Must run inside the caller's write transaction, which serialises writers across
 * processes and stations (the engine's write lock) so two never chain onto the same predecessor.
 */
export async function appendAudit(db: Sql, input: AuditInput, at: string): Promise<number> {
  return (await appendAuditHead(db, input, at)).seq;
}

/** The same, answering the chain head it made (the event's seq and hash), so nobody reads it again. */
export async function appendAuditHead(db: Sql, input: AuditInput, at: string): Promise<ChainHead> {
  const row = chained(await db.get<ChainHead>(HEAD_SQL), input, at);
  await db.run(INSERT_SQL, { ...row });
  return { seq: row.seq, hash: row.hash };
}

/**
 * The same on a raw better-sqlite3 handle, synchronously, for tools and tests that lay down history
 * by hand inside their own `db.transaction` (which cannot await).
 */
export function appendAuditSync(db: Db, input: AuditInput, at: string): number {
  const row = chained(db.prepare(HEAD_SQL).get() as ChainHead | undefined, input, at);
  db.prepare(INSERT_SQL).run({ ...row });
  return row.seq;
}

/** Events read per round trip while verifying: a million events never sit in memory at once. */
const VERIFY_PAGE = 5000;

/** Below this many events the single walk is quicker than starting threads. */
const PARALLEL_FROM = 20_000;

export interface VerifyOptions {
  /** Where worker threads can read the chain themselves; without it the chain is walked in this thread. */
  source?: AuditSource;
  threads?: number;
  /** Walk in parallel from this many events on (default 20,000). */
  parallelFrom?: number;
}

/**
 * Walks the chain from the first event and names the first one that does not hold, then checks every
 * anchor: an anchor whose event is gone (truncation, deletion) or whose hash differs (an edit and a
 * re-hash of everything after it) breaks the chain too. Reads only: it appends nothing. With a
 * `source`, a long chain is walked in ranges by worker threads (auditVerifyParallel.ts), same answers.
 */
export async function verifyAudit(db: Sql, anchors: Anchor[] = [], opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const switchAt = await v2From(db);
  const wanted = new Map<number, Anchor[]>();
  for (const a of anchors) wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a]);
  const start = await chainHead(db);
  const parallel = opts.source && (start?.seq ?? 0) >= (opts.parallelFrom ?? PARALLEL_FROM);
  const walk = parallel ? await walkChainParallel(opts.source!, start!.seq, switchAt, [...wanted.keys()], opts.threads) : await walkChain(db, switchAt, wanted);
  const { events, seen } = walk;
  let firstBroken = walk.firstBroken;
  const last = events;
  const missing: AnchorProblem[] = [];
  for (const [seq, list] of wanted) {
    for (const a of list) {
      const have = seen.get(seq);
      if (have === undefined) missing.push({ seq, hash: a.hash, source: a.source, reason: `event ${seq} is gone (the chain now ends at ${last}): events were deleted` });
      else if (have !== a.hash) missing.push({ seq, hash: a.hash, source: a.source, reason: `event ${seq} no longer has the hash anchored (${a.hash.slice(0, 12)}…): it was changed and the chain re-hashed` });
    }
  }
  missing.sort((a, b) => a.seq - b.seq);
  if (missing.length && (!firstBroken || missing[0].seq < firstBroken.seq)) firstBroken = { seq: missing[0].seq, reason: missing[0].reason };
  const head = await chainHead(db);
  return { intact: !firstBroken, events, firstBroken, head, anchors: { checked: anchors.length, missing } };
}

/** The single walk: every event in order in this thread, a page at a time. */
async function walkChain(db: Sql, switchAt: number, wanted: ReadonlyMap<number, unknown>): Promise<ChainWalk> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let events = 0;
  const seen = new Map<number, string>();
  let firstBroken: AuditVerifyResult['firstBroken'] = null;
  // Keyset pages (seq > last seen): each page is an index range, however long the chain.
  for (let after = 0; ; ) {
    const page = await db.all<StoredAuditEvent>('SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?', [after, VERIFY_PAGE]);
    for (const row of page) {
      row.seq = Number(row.seq);
      events++;
      if (wanted.has(row.seq)) seen.set(row.seq, row.hash);
      if (firstBroken) continue;
      let reason: string | null = null;
      const hash = row.seq >= switchAt ? eventHash(row) : eventHashV1(row);
      if (row.seq !== expectedSeq) reason = `event ${expectedSeq} is missing (next is ${row.seq})`;
      else if (row.prev_hash !== prev) reason = `its link to event ${row.seq - 1} does not match (an event before it was changed or removed)`;
      else if (hash !== row.hash) reason = 'its content does not match its hash (it was changed)';
      if (reason) firstBroken = { seq: row.seq === expectedSeq ? row.seq : expectedSeq, reason };
      prev = row.hash;
      expectedSeq++;
    }
    if (page.length < VERIFY_PAGE) break;
    after = Number(page[page.length - 1].seq);
  }
  return { events, firstBroken, seen };
}

export interface AnchorProblem {
  seq: number;
  hash: string;
  source: string;
  reason: string;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  entity?: string;
  offset: number;
  limit: number;
}

export async function listAudit(db: Sql, f: AuditFilter): Promise<{ rows: AuditEventRow[]; total: number }> {
  const { clause, params } = new SqlWhere()
    // An exact code (hold.release) or a group (hold: every hold.* action).
    .when('action', f.action?.trim().toLowerCase(), "(action = @action OR action LIKE CAST(@action AS TEXT) || '.%')")
    .when('actor', f.actor, 'actor = @actor')
    .when('entity', f.entity, '(entity_id = @entity OR entity_type = @entity)');
  const total = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_events ${clause}`, params))?.n ?? 0);
  const rows = await db.all<StoredAuditEvent>(`SELECT * FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`, { ...params, limit: f.limit, offset: f.offset });
  return { rows: rows.map(toAuditRow), total };
}

export function toAuditRow(r: StoredAuditEvent): AuditEventRow {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    details: JSON.parse(r.details) as unknown,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A parcel's (or any entity's) events exactly as stored, so an evidence pack can recompute their hashes. */
export async function auditEventsOf(db: Sql, entityId: string): Promise<StoredAuditEvent[]> {
  return (await db.all<StoredAuditEvent>('SELECT * FROM audit_events WHERE entity_id = ? ORDER BY seq', [entityId])).map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The chain's last event as stored. */
export async function auditHead(db: Sql): Promise<StoredAuditEvent | null> {
  const r = await db.get<StoredAuditEvent>('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1');
  return r ? { ...r, seq: Number(r.seq) } : null;
}
