// The append-only audit log: each event carries the SHA-256 of the one before, so any edit shows.
import { createHash } from 'node:crypto';
import type { Db } from './database';
import { SqlWhere } from './sqlWhere';
import type { AuditEventRow, AuditVerifyResult } from '../../../shared/api';
import { canonicalJson } from '../../../shared/canonicalJson';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  details?: unknown;
}

interface RawRow {
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

export function eventHash(e: Omit<RawRow, 'hash'>): string {
  const body = [e.prev_hash, e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.details].join('\u241E');
  return createHash('sha256').update(body, 'utf8').digest('hex');
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

/** Walks the chain from the first event and names the first one that does not hold. */
export function verifyAudit(db: Db): AuditVerifyResult {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let events = 0;
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<RawRow>;
  for (const row of rows) {
    events++;
    let reason: string | null = null;
    if (row.seq !== expectedSeq) reason = `event ${expectedSeq} is missing (next is ${row.seq})`;
    else if (row.prev_hash !== prev) reason = `its link to event ${row.seq - 1} does not match (an event before it was changed or removed)`;
    else if (eventHash(row) !== row.hash) reason = 'its content does not match its hash (it was changed)';
    if (reason) {
      return { intact: false, events, firstBroken: { seq: row.seq === expectedSeq ? row.seq : expectedSeq, reason } };
    }
    prev = row.hash;
    expectedSeq++;
  }
  return { intact: true, events, firstBroken: null };
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
    .all({ ...params, limit: f.limit, offset: f.offset }) as RawRow[];
  return { rows: rows.map(toAuditRow), total };
}

export function toAuditRow(r: RawRow): AuditEventRow {
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
