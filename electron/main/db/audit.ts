// The append-only audit log: each event carries the SHA-256 of the one before, so any edit shows.
import { createHash } from 'node:crypto';
import type { Db } from './database';
import { SqlWhere } from './sqlWhere';
import type { AuditEventRow, AuditVerifyResult, ChainHead } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonicalJson';

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
  const body = canonicalJson({
    v: 2,
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id,
    details: e.details,
    prevHash: e.prev_hash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** The first event hashed with version 2 (set once by migration 3, never changed; a trigger guards it). */
export function v2From(db: Db): number {
  const r = db.prepare("SELECT value FROM settings WHERE key = 'audit_v2_from'").get() as { value: string } | undefined;
  return r ? Number(r.value) : 1;
}

export type { ChainHead };

export function chainHead(db: Db): ChainHead | null {
  return (db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined) ?? null;
}

/** An anchor: a (seq, hash) the chain once had, kept outside the database (anchor log, a printed manifest or tag). */
export interface Anchor extends ChainHead {
  source: string;
}

/**
 * Appends one event. Must run inside the caller's write transaction (BEGIN IMMEDIATE), which
 * serialises writers across processes so two stations never chain onto the same predecessor.
 */
export function appendAudit(db: Db, input: AuditInput, at: string): number {
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: input.actor,
    action: input.action,
    entity_type: input.entityType,
    entity_id: input.entityId,
    details: canonicalJson(input.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = eventHash(row);
  db.prepare(
    `INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @entity_type, @entity_id, @details, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  return row.seq;
}

/**
 * Walks the chain from the first event and names the first one that does not hold, then checks every
 * anchor: an anchor whose event is gone (truncation, deletion) or whose hash differs (an edit and a
 * re-hash of everything after it) breaks the chain too. Reads only: it appends nothing.
 */
export function verifyAudit(db: Db, anchors: Anchor[] = []): AuditVerifyResult {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let events = 0;
  const switchAt = v2From(db);
  const wanted = new Map<number, Anchor[]>();
  for (const a of anchors) wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a]);
  const seen = new Map<number, string>();
  let firstBroken: AuditVerifyResult['firstBroken'] = null;
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<StoredAuditEvent>;
  for (const row of rows) {
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
  const last = events ? expectedSeq - 1 : 0;
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
  const head = chainHead(db);
  return { intact: !firstBroken, events, firstBroken, head, anchors: { checked: anchors.length, missing } };
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

export function listAudit(db: Db, f: AuditFilter): { rows: AuditEventRow[]; total: number } {
  const { clause, params } = new SqlWhere()
    // An exact code (hold.release) or a group (hold: every hold.* action).
    .when('action', f.action?.trim().toLowerCase(), "(action = @action OR action LIKE @action || '.%')")
    .when('actor', f.actor, 'actor = @actor')
    .when('entity', f.entity, '(entity_id = @entity OR entity_type = @entity)');
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_events ${clause}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM audit_events ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as StoredAuditEvent[];
  return { rows: rows.map(toAuditRow), total };
}

export function toAuditRow(r: StoredAuditEvent): AuditEventRow {
  return {
    seq: r.seq,
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
