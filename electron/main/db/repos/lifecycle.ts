// The storage side of the parcel lifecycle: reads the facts the rules need and changes a parcel's
// status only as shared/lifecycle.ts allows, carrying the audit event it was written with (the
// database triggers check the same again, on every path).
import type { HoldDisposition, HoldStatus, ParcelStatus } from '../../../../shared/types';
import { transitionRefusal, type TransitionFacts } from '../../../../shared/lifecycle';
import { AppError } from '../../../../shared/result';
import type { Db } from '../database';
import type { Sql } from '../sql';

/** Everything the rules ask about a parcel, in one round trip (a station may be far from its server). */
const FACTS_SQL = `
  SELECT p.tracking_no, p.status, p.audit_seq,
    (SELECT outcome FROM inspections WHERE parcel_id = p.id ORDER BY id DESC LIMIT 1) AS last_inspection,
    (SELECT status FROM holds WHERE parcel_id = p.id ORDER BY id DESC LIMIT 1) AS last_hold_status,
    (SELECT d.disposition FROM hold_decisions d
      WHERE d.hold_id = (SELECT id FROM holds WHERE parcel_id = p.id ORDER BY id DESC LIMIT 1) ORDER BY d.id DESC LIMIT 1) AS last_decision,
    CASE WHEN EXISTS (SELECT 1 FROM holds WHERE parcel_id = p.id AND status IN ('OPEN', 'AWAITING_PROOF')) THEN 1 ELSE 0 END AS open_hold,
    s.id AS shipment_id, s.status AS shipment_status,
    (SELECT max(seq) FROM audit_events) AS head,
    e.action AS event_action, e.entity_type AS event_entity_type, e.entity_id AS event_entity_id
  FROM parcels p
  LEFT JOIN shipment_parcels sp ON sp.parcel_id = p.id
  LEFT JOIN shipments s ON s.id = sp.shipment_id
  LEFT JOIN audit_events e ON e.seq = @auditSeq
  WHERE p.id = @parcelId`;

interface FactsRow {
  tracking_no: string;
  status: ParcelStatus;
  audit_seq: number | null;
  last_inspection: 'CLEAR' | 'HOLD' | null;
  last_hold_status: HoldStatus | null;
  last_decision: HoldDisposition | null;
  open_hold: number;
  shipment_id: number | null;
  shipment_status: 'OPEN' | 'CLOSED' | null;
  head: number | null;
  event_action: string | null;
  event_entity_type: string | null;
  event_entity_id: string | null;
}

function toFacts(p: FactsRow | undefined, parcelId: number, to: ParcelStatus, auditSeq: number | null): TransitionFacts {
  if (!p) throw new AppError('NOT_FOUND', `No parcel ${parcelId}`);
  // The event must name this parcel, or close the shipment it is on.
  const names =
    p.event_action !== null &&
    ((p.event_entity_type === 'parcel' && p.event_entity_id === p.tracking_no) ||
      (p.event_entity_type === 'shipment' && p.event_action === 'shipment.close' && p.shipment_id !== null && p.event_entity_id === String(p.shipment_id)));
  return {
    from: p.status,
    to,
    lastInspection: p.last_inspection,
    openHold: Number(p.open_hold) === 1,
    lastHoldStatus: p.last_hold_status,
    lastDecision: p.last_decision,
    shipment: p.shipment_status,
    audited: auditSeq !== null && auditSeq > Number(p.audit_seq ?? 0) && auditSeq === Number(p.head) && names,
  };
}

/** What the database knows about parcel `parcelId` if it were to change to `to`, with audit event `auditSeq`. */
export async function parcelFacts(db: Sql, parcelId: number, to: ParcelStatus, auditSeq: number | null): Promise<TransitionFacts> {
  return toFacts(await db.get<FactsRow>(FACTS_SQL, { parcelId, auditSeq }), parcelId, to, auditSeq);
}

/** The same on a raw better-sqlite3 handle, synchronously (the lifecycle test judges by hand-made rows). */
export function parcelFactsSync(db: Db, parcelId: number, to: ParcelStatus, auditSeq: number | null): TransitionFacts {
  return toFacts(db.prepare(FACTS_SQL).get({ parcelId, auditSeq }) as FactsRow | undefined, parcelId, to, auditSeq);
}

/** Changes the status, or refuses with the rule's reason. Call inside the write transaction, after appending the audit event `auditSeq`. */
export async function setParcelStatus(db: Sql, parcelId: number, to: ParcelStatus, auditSeq: number, at: string): Promise<void> {
  const facts = await parcelFacts(db, parcelId, to, auditSeq);
  if (facts.from === to) return;
  const refusal = transitionRefusal(facts);
  if (refusal) throw new AppError('CONFLICT', `Parcel status ${facts.from} → ${to} refused: ${refusal}`);
  await db.run('UPDATE parcels SET status = ?, audit_seq = ?, updated_at = ? WHERE id = ?', [to, auditSeq, at, parcelId]);
}
