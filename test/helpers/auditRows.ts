// Audit rows written around the app, for the trigger tests of both engines.
import type { StoredAuditEvent } from '../../electron/main/db/audit';
import type { Sql } from '../../electron/main/db/sql';

export const AUDIT_INSERT = 'INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** The next event after the head, with fields that need escaping (quotes, a newline, a control character, Chinese). */
export async function nextEvent(db: Sql): Promise<Omit<StoredAuditEvent, 'hash'>> {
  const head = (await db.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'))!;
  return {
    seq: Number(head.seq) + 1,
    at: '2026-03-01T08:00:00.000Z',
    actor: 'mallory "the" \\ forger',
    action: 'hold.release',
    entity_type: 'parcel',
    entity_id: 'SF1234567890',
    details: JSON.stringify({ reason: '放行\n\u0001ok' }),
    prev_hash: head.hash,
  };
}

export const row = (e: Omit<StoredAuditEvent, 'hash'>, hash: string) => [e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.details, e.prev_hash, hash];
