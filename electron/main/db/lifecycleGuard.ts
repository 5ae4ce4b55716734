// The storage side of the parcel lifecycle: reads the facts the rules need and changes a parcel's
// status only as shared/lifecycle.ts allows, carrying the audit event it was written with (the
// database triggers of migration 003 check the same again, on every path).
import type { HoldDisposition, HoldStatus, ParcelStatus } from '../../../shared/types';
import { transitionRefusal, type TransitionFacts } from '../../../shared/lifecycle';
import { AppError } from '../../../shared/result';
import type { Db } from './database';

/** What the database knows about parcel `parcelId` if it were to change to `to`, with audit event `auditSeq`. */
export function parcelFacts(db: Db, parcelId: number, to: ParcelStatus, auditSeq: number | null): TransitionFacts {
  const p = db.prepare('SELECT tracking_no, status, audit_seq FROM parcels WHERE id = ?').get(parcelId) as
    | { tracking_no: string; status: ParcelStatus; audit_seq: number | null }
    | undefined;
  if (!p) throw new AppError('NOT_FOUND', `No parcel ${parcelId}`);
  const last = db.prepare('SELECT outcome FROM inspections WHERE parcel_id = ? ORDER BY id DESC LIMIT 1').get(parcelId) as { outcome: 'CLEAR' | 'HOLD' } | undefined;
  const hold = db.prepare('SELECT id, status FROM holds WHERE parcel_id = ? ORDER BY id DESC LIMIT 1').get(parcelId) as { id: number; status: HoldStatus } | undefined;
  const decision = hold
    ? (db.prepare('SELECT disposition FROM hold_decisions WHERE hold_id = ? ORDER BY id DESC LIMIT 1').get(hold.id) as { disposition: HoldDisposition } | undefined)
    : undefined;
  const openHold = !!db.prepare("SELECT 1 FROM holds WHERE parcel_id = ? AND status IN ('OPEN','AWAITING_PROOF')").get(parcelId);
  const ship = db.prepare('SELECT s.id, s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = ?').get(parcelId) as
    | { id: number; status: 'OPEN' | 'CLOSED' }
    | undefined;
  const head = (db.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number | null }).seq;
  const event = auditSeq === null ? undefined : (db.prepare('SELECT action, entity_type, entity_id FROM audit_events WHERE seq = ?').get(auditSeq) as
    | { action: string; entity_type: string; entity_id: string }
    | undefined);
  const names =
    !!event &&
    ((event.entity_type === 'parcel' && event.entity_id === p.tracking_no) ||
      (event.entity_type === 'shipment' && event.action === 'shipment.close' && !!ship && event.entity_id === String(ship.id)));
  return {
    from: p.status,
    to,
    lastInspection: last?.outcome ?? null,
    openHold,
    lastHoldStatus: hold?.status ?? null,
    lastDecision: decision?.disposition ?? null,
    shipment: ship?.status ?? null,
    audited: auditSeq !== null && auditSeq > (p.audit_seq ?? 0) && auditSeq === head && names,
  };
}

/** Changes the status, or refuses with the rule's reason. Call inside the write transaction, after appending the audit event `auditSeq`. */
export function setParcelStatus(db: Db, parcelId: number, to: ParcelStatus, auditSeq: number, at: string): void {
  const facts = parcelFacts(db, parcelId, to, auditSeq);
  if (facts.from === to) return;
  const refusal = transitionRefusal(facts);
  if (refusal) throw new AppError('CONFLICT', `Parcel status ${facts.from} → ${to} refused: ${refusal}`);
  db.prepare('UPDATE parcels SET status = ?, audit_seq = ?, updated_at = ? WHERE id = ?').run(to, auditSeq, at, parcelId);
}
