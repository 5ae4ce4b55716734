// Read-only records for evidence packs and rule replays: a parcel's audit events exactly as stored
// (so their hashes can be recomputed by the audit module), and the stored reads of past inspections.
import type { Outcome, ParcelStatus, PhotoRead, ReasonCode } from '../../../shared/types';
import type { ReplayInput } from '../../../shared/rules/replay';
import type { Db } from './database';
import type { StoredAuditEvent } from './audit';

export type { ReplayInput, StoredAuditEvent };

export function auditEventsOf(db: Db, entityId: string): StoredAuditEvent[] {
  return db.prepare('SELECT * FROM audit_events WHERE entity_id = ? ORDER BY seq').all(entityId) as StoredAuditEvent[];
}

export function auditHead(db: Db): StoredAuditEvent | null {
  return (db.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 1').get() as StoredAuditEvent | undefined) ?? null;
}

export function replayInputs(db: Db, sinceIso: string | null): ReplayInput[] {
  const rows = db
    .prepare(
      `SELECT i.id, p.tracking_no, p.status, i.finished_at, i.outcome, i.reasons, i.ruleset_version, i.reads_json
       FROM parcels p JOIN inspections i ON i.id = (SELECT max(id) FROM inspections WHERE parcel_id = p.id)
       WHERE i.finished_at >= @since ORDER BY i.id`,
    )
    .all({ since: sinceIso ?? '' }) as { id: number; tracking_no: string; status: ParcelStatus; finished_at: string; outcome: Outcome; reasons: string; ruleset_version: number; reads_json: string }[];
  return rows.map((r) => ({
    inspectionId: r.id,
    trackingNo: r.tracking_no,
    parcelStatus: r.status,
    inspectedAt: r.finished_at,
    outcome: r.outcome,
    reasons: r.reasons.split(',').filter(Boolean) as ReasonCode[],
    rulesetVersion: r.ruleset_version,
    reads: JSON.parse(r.reads_json) as PhotoRead[],
  }));
}
