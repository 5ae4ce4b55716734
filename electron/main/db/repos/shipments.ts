// Outbound shipments and the gate: a parcel goes onto an open shipment only when it is cleared (the
// reason in words from shared/gate.ts; the database triggers guarantee it under any race), comes
// off while the shipment is open, and ships when the shipment closes. Writes run inside the caller's
// write transaction; changes to shipment rows go through the guarded statements (guarded.ts).
import type { ManifestLine, ShipmentRow } from '../../../../shared/api';
import { gateRefusal, type GateFacts } from '../../../../shared/gate';
import type { ParcelStatus } from '../../../../shared/types';
import { AppError } from '../../../../shared/result';
import { appendAudit } from '../audit';
import { guarded } from '../guarded';
import type { Sql } from '../sql';
import { setParcelStatus } from './lifecycle';

const SHIPMENT_SELECT = `
  SELECT s.id, s.destination, s.carrier, s.status, s.created_at, u.name AS created_by, s.closed_at,
         (SELECT count(*) FROM shipment_parcels sp WHERE sp.shipment_id = s.id) AS parcels
  FROM shipments s JOIN users u ON u.id = s.created_by`;

interface ShipmentRaw {
  id: number;
  destination: string;
  carrier: string;
  status: 'OPEN' | 'CLOSED';
  created_at: string;
  created_by: string;
  closed_at: string | null;
  parcels: number;
}
const toShipment = (r: ShipmentRaw): ShipmentRow => ({
  shipmentId: Number(r.id),
  destination: r.destination,
  carrier: r.carrier,
  status: r.status,
  createdAt: r.created_at,
  createdBy: r.created_by,
  closedAt: r.closed_at,
  parcels: Number(r.parcels),
});

export async function shipment(db: Sql, id: number): Promise<ShipmentRow> {
  const r = await db.get<ShipmentRaw>(`${SHIPMENT_SELECT} WHERE s.id = ?`, [id]);
  if (!r) throw new AppError('NOT_FOUND', `No shipment ${id}`);
  return toShipment(r);
}

export async function listShipments(db: Sql, status: 'OPEN' | 'CLOSED' | 'all'): Promise<ShipmentRow[]> {
  const rows =
    status === 'all'
      ? await db.all<ShipmentRaw>(`${SHIPMENT_SELECT} ORDER BY s.id DESC LIMIT 200`)
      : await db.all<ShipmentRaw>(`${SHIPMENT_SELECT} WHERE s.status = ? ORDER BY s.id DESC LIMIT 200`, [status]);
  return rows.map(toShipment);
}

export async function createShipment(db: Sql, destination: string, carrier: string, userId: number, userName: string, at: string): Promise<ShipmentRow> {
  const r = await db.get<{ id: number }>("INSERT INTO shipments (destination, carrier, status, created_at, created_by) VALUES (?, ?, 'OPEN', ?, ?) RETURNING id", [destination, carrier, at, userId]);
  const id = Number(r!.id);
  await appendAudit(db, { actor: userName, action: 'shipment.create', entityType: 'shipment', entityId: String(id), details: { destination, carrier } }, at);
  return shipment(db, id);
}

/** What the gate needs to know about a parcel, in one query. */
export async function gateFacts(db: Sql, trackingNo: string): Promise<GateFacts & { parcelId: number | null }> {
  const r = await db.get<{ id: number; status: ParcelStatus; hold_id: number | null; location: string | null; reasons: string | null; shipment_id: number | null }>(
    `SELECT p.id, p.status, h.id AS hold_id, h.location, h.reasons,
            (SELECT shipment_id FROM shipment_parcels WHERE parcel_id = p.id) AS shipment_id
     FROM parcels p LEFT JOIN holds h ON h.parcel_id = p.id AND h.status IN ('OPEN', 'AWAITING_PROOF')
     WHERE p.tracking_no = ?`,
    [trackingNo],
  );
  if (!r) return { trackingNo, parcelId: null, status: null, openHold: null, shipmentId: null };
  return {
    trackingNo,
    parcelId: Number(r.id),
    status: r.status,
    openHold: r.hold_id === null ? null : { location: r.location, reasons: (r.reasons ?? '').split(',') },
    shipmentId: r.shipment_id === null ? null : Number(r.shipment_id),
  };
}

/** Puts a cleared parcel on an open shipment; refused with GATE_REFUSED and the reason otherwise. */
export async function addToShipment(db: Sql, shipmentId: number, tracking: string, userId: number, userName: string, station: string, at: string): Promise<{ shipment: ShipmentRow; line: ManifestLine }> {
  const s = await shipment(db, shipmentId);
  if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is closed`);
  const facts = await gateFacts(db, tracking);
  const refusal = gateRefusal(facts);
  if (refusal || facts.parcelId === null) throw new AppError('GATE_REFUSED', refusal ?? `${tracking} was never inspected`);
  // The trigger re-checks inside this same transaction: no other station can slip in between.
  await db.run('INSERT INTO shipment_parcels (shipment_id, parcel_id, added_at, added_by) VALUES (?, ?, ?, ?)', [shipmentId, facts.parcelId, at, userId]);
  await appendAudit(db, { actor: userName, action: 'shipment.add', entityType: 'parcel', entityId: tracking, details: { shipmentId, station } }, at);
  return { shipment: await shipment(db, shipmentId), line: (await manifestLines(db, shipmentId)).find((l) => l.trackingNo === tracking)! };
}

/** The alarm is part of the record: who tried to ship what, and why it was refused. Returns the parcel's status as this transaction sees it. */
export async function recordGateRefusal(db: Sql, shipmentId: number, tracking: string, userName: string, station: string, why: string, at: string): Promise<ParcelStatus | null> {
  await appendAudit(db, { actor: userName, action: 'shipment.refused', entityType: 'parcel', entityId: tracking, details: { shipmentId, station, why } }, at);
  return (await db.get<{ status: ParcelStatus }>('SELECT status FROM parcels WHERE tracking_no = ?', [tracking]))?.status ?? null;
}

export async function removeFromShipment(db: Sql, shipmentId: number, tracking: string, userName: string, at: string): Promise<ShipmentRow> {
  const s = await shipment(db, shipmentId);
  if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is closed`);
  const p = await db.get<{ id: number }>('SELECT id FROM parcels WHERE tracking_no = ?', [tracking]);
  const removed = p ? await guarded(db, 'shipment_remove_parcel', { shipmentId, parcelId: Number(p.id) }) : 0;
  if (!removed) throw new AppError('NOT_FOUND', `${tracking} is not on shipment ${shipmentId}`);
  await appendAudit(db, { actor: userName, action: 'shipment.remove', entityType: 'parcel', entityId: tracking, details: { shipmentId } }, at);
  return shipment(db, shipmentId);
}

/** Closes an open shipment with parcels; each parcel becomes SHIPPED, carrying the close's audit event. */
export async function closeShipment(db: Sql, shipmentId: number, userName: string, at: string): Promise<ShipmentRow> {
  const s = await shipment(db, shipmentId);
  if (s.status !== 'OPEN') throw new AppError('CONFLICT', `Shipment ${shipmentId} is already closed`);
  if (!s.parcels) throw new AppError('CONFLICT', `Shipment ${shipmentId} has no parcels`);
  await guarded(db, 'shipment_close', { shipmentId, at });
  const seq = await appendAudit(db, { actor: userName, action: 'shipment.close', entityType: 'shipment', entityId: String(shipmentId), details: { parcels: s.parcels } }, at);
  const lines = await db.all<{ parcel_id: number }>('SELECT parcel_id FROM shipment_parcels WHERE shipment_id = ?', [shipmentId]);
  for (const l of lines) await setParcelStatus(db, Number(l.parcel_id), 'SHIPPED', seq, at);
  return shipment(db, shipmentId);
}

export async function manifestLines(db: Sql, shipmentId: number): Promise<ManifestLine[]> {
  const rows = await db.all<{ tracking_no: string; order_no: string | null; customer: string | null; item: string | null; declared_brand: string | null; added_at: string; added_by: string }>(
    `SELECT p.tracking_no, o.order_no, o.customer, o.item, o.declared_brand, sp.added_at, u.name AS added_by
     FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id JOIN users u ON u.id = sp.added_by
     LEFT JOIN orders o ON o.tracking_no = p.tracking_no
     WHERE sp.shipment_id = ? ORDER BY sp.added_at, p.tracking_no`,
    [shipmentId],
  );
  return rows.map((r) => ({ trackingNo: r.tracking_no, orderNo: r.order_no, customer: r.customer, item: r.item, declaredBrand: r.declared_brand, addedAt: r.added_at, addedBy: r.added_by }));
}
