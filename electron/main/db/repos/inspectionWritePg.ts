// Recording an inspection on PostgreSQL in two round trips instead of about twenty: one read of the
// parcel as it stands (outside the write lock, with the new rows' ids taken from their sequences), and
// one call of pg_gate_record_inspection (migration pg/010), which takes the lock and writes every row
// and event in the server. The decisions stay here and in shared/lifecycle.ts, the same as
// parcels.recordInspection's; the function only checks the parcel did not change in between. If it
// did (another station inspected or decided the same parcel at that moment), the answer is null and
// the caller writes the ordinary way, under the lock. SQLite keeps parcels.recordInspection: it is in
// the station's process, so a statement costs no trip.
import { inspectionEffect } from '../../../../shared/lifecycle';
import type { ParcelStatus } from '../../../../shared/types';
import { detailsText, type AuditInput } from '../audit';
import type { Engine } from '../sql';
import type { InspectionRecord, InspectionStored } from '../storage';
import { inspectionEvent, inspectionRow, offShipmentEvent } from './parcels';

/** The parcel as the write will find it, and the id the inspection will take (the hold's is the function's: no gaps). */
const STATE_SQL = `
  SELECT p.id AS parcel_id, p.status, s.id AS shipment_id, s.status AS shipment_status,
    (SELECT id FROM holds WHERE parcel_id = p.id AND status IN ('OPEN', 'AWAITING_PROOF')) AS open_hold_id,
    (SELECT max(id) FROM inspections WHERE parcel_id = p.id) AS last_inspection_id,
    nextval(pg_get_serial_sequence('public.inspections', 'id')) AS inspection_id
  FROM (SELECT 1 AS one) x
  LEFT JOIN parcels p ON p.tracking_no = @trackingNo
  LEFT JOIN shipment_parcels sp ON sp.parcel_id = p.id
  LEFT JOIN shipments s ON s.id = sp.shipment_id`;

interface StateRow {
  parcel_id: number | null;
  status: ParcelStatus | null;
  shipment_id: number | null;
  shipment_status: 'OPEN' | 'CLOSED' | null;
  open_hold_id: number | null;
  last_inspection_id: number | null;
  inspection_id: number;
}

interface WriteAnswer {
  stale: boolean;
  holdId?: number | null;
  seq?: number;
  hash?: string;
}

/** How the details of an event that opens a hold begin before the hold has its id (canonical JSON: holdId sorts first). */
const NO_HOLD_YET = '{"holdId":null,';

const event = (e: AuditInput) => ({ actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, details: detailsText(e) });

/** Records the inspection in two round trips; null when the parcel changed in between (write it the ordinary way then). */
export async function recordInspectionPg(engine: Required<Pick<Engine, 'writeStatement'>> & Pick<Engine, 'read'>, rec: InspectionRecord): Promise<InspectionStored | null> {
  const provisional = rec.provisional === true;
  const s = (await engine.read.get<StateRow>(STATE_SQL, { trackingNo: rec.trackingNo }))!;
  const inspectionId = Number(s.inspection_id);
  const before: ParcelStatus = s.status ?? 'NEW';
  const effect = rec.trackingNo
    ? inspectionEffect({ before, outcome: rec.outcome, provisional, openHold: s.open_hold_id !== null, shipment: s.shipment_status })
    : { status: null, offShipment: false, newHold: false };
  // A hold this write opens gets its id in the function, which puts it into the event's details.
  const holdId = effect.newHold || s.open_hold_id === null ? null : Number(s.open_hold_id);
  const main = event(inspectionEvent(rec, inspectionId, holdId));
  if (effect.newHold && !main.details.startsWith(NO_HOLD_YET)) throw new Error(`An inspection event's details must begin ${NO_HOLD_YET}`);
  const payload = {
    expect: { parcelId: s.parcel_id, status: s.status, openHoldId: s.open_hold_id, shipmentId: s.shipment_id, shipmentStatus: s.shipment_status, lastInspectionId: s.last_inspection_id },
    trackingNo: rec.trackingNo,
    at: rec.finishedAt,
    inspectionId,
    newHold: effect.newHold,
    offShipment: effect.offShipment && s.shipment_id !== null,
    offShipmentEvent: effect.offShipment && rec.trackingNo && s.shipment_id !== null ? event(offShipmentEvent({ ...rec, trackingNo: rec.trackingNo }, Number(s.shipment_id))) : null,
    parcelStatus: effect.status,
    inspection: inspectionRow(rec),
    photoIds: rec.photoIds,
    reasonCodes: rec.findings.map((f) => f.code),
    brandIds: rec.brands,
    event: main,
  };
  const r = await engine.writeStatement<{ r: WriteAnswer }>('SELECT pg_gate_record_inspection(CAST(@p AS jsonb)) AS r', { p: JSON.stringify(payload) });
  const answer = r!.r;
  if (answer.stale) return null;
  return {
    inspectionId,
    holdId: answer.holdId === null || answer.holdId === undefined ? null : Number(answer.holdId),
    parcelStatus: effect.status,
    chainHead: { seq: Number(answer.seq), hash: String(answer.hash) },
  };
}
