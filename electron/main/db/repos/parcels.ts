// Parcels and their inspections: a parcel's summary and history, recording an inspection (with the
// hold it opens and the shipment it may come off), a station's recent work, and the stored reads the
// rule replays use. Writes run inside the caller's write transaction.
import type { InspectionDetail, ParcelSummary, RecentInspection } from '../../../../shared/api';
import { inspectionEffect } from '../../../../shared/lifecycle';
import type { ReplayInput } from '../../../../shared/rules/replay';
import type { Finding, Note, Outcome, ParcelStatus, PhotoRead, ReasonCode } from '../../../../shared/types';
import { appendAudit, appendAuditHead, type AuditInput } from '../audit';
import { guarded } from '../guarded';
import type { Sql } from '../sql';
import type { InspectionRecord, InspectionStored } from '../storage';
import { decisionsOf, holdRow } from './holds';
import { setParcelStatus } from './lifecycle';
import { refreshHoldClocks } from './holdClockDays';
import { clockSettings } from './settings';

const OPEN_HOLD = "SELECT id, location, reasons, created_at FROM holds WHERE parcel_id = ? AND status IN ('OPEN', 'AWAITING_PROOF')";

export async function parcelSummary(db: Sql, trackingNo: string): Promise<ParcelSummary | null> {
  const p = await db.get<{ id: number; tracking_no: string; status: ParcelStatus }>('SELECT id, tracking_no, status FROM parcels WHERE tracking_no = ?', [trackingNo]);
  if (!p) return null;
  const order = await db.get<{ order_no: string }>('SELECT order_no FROM orders WHERE tracking_no = ?', [trackingNo]);
  const hold = await db.get<{ id: number; location: string | null; reasons: string; created_at: string }>(OPEN_HOLD, [p.id]);
  return {
    trackingNo: p.tracking_no,
    status: p.status,
    orderNo: order?.order_no ?? null,
    openHold: hold ? { holdId: Number(hold.id), location: hold.location, reasons: hold.reasons.split(',').filter(Boolean) as ReasonCode[], since: hold.created_at } : null,
  };
}

const INSERT_INSPECTION = `INSERT INTO inspections (parcel_id, scan, order_no, station, inspector_id, started_at, finished_at, outcome, reasons,
    ruleset_version, rules, findings_json, reads_json, brands_json, timings_json, notes_json)
  VALUES (@parcelId, @scan, @orderNo, @station, @inspectorId, @startedAt, @finishedAt, @outcome, @reasons,
    @rulesetVersion, @rules, @findings, @reads, @brands, @timings, @notes)
  RETURNING id`;

/** The inspection row as INSERT_INSPECTION (and PostgreSQL's one-statement write) stores it. */
export function inspectionRow(rec: InspectionRecord) {
  return {
    scan: rec.scan,
    orderNo: rec.orderNo,
    station: rec.station,
    inspectorId: rec.inspectorId,
    startedAt: rec.startedAt,
    finishedAt: rec.finishedAt,
    outcome: rec.outcome,
    reasons: rec.findings.map((f) => f.code).join(','),
    rulesetVersion: rec.rulesetVersion,
    rules: rec.rules ?? null,
    findings: JSON.stringify(rec.findings),
    reads: JSON.stringify(rec.reads),
    brands: JSON.stringify(rec.brands),
    timings: JSON.stringify(rec.timingsMs),
    notes: JSON.stringify(rec.notes ?? []),
  };
}

/** The inspection's own audit event. */
export function inspectionEvent(rec: InspectionRecord, inspectionId: number, holdId: number | null): AuditInput {
  return {
    actor: rec.inspectorName,
    action: rec.provisional === true ? 'parcel.retake' : rec.outcome === 'HOLD' ? 'parcel.hold' : 'parcel.clear',
    entityType: 'parcel',
    entityId: rec.trackingNo ?? `inspection:${inspectionId}`,
    details: { inspectionId, station: rec.station, reasons: rec.findings.map((f) => f.code).join(','), holdId, rulesetVersion: rec.rulesetVersion, rules: rec.rules ?? null, photos: rec.photoIds },
  };
}

/** The event of a parcel taken off an open shipment because this inspection held it again. */
export function offShipmentEvent(rec: InspectionRecord & { trackingNo: string }, shipmentId: number): AuditInput {
  return { actor: rec.inspectorName, action: 'shipment.remove', entityType: 'parcel', entityId: rec.trackingNo, details: { shipmentId, why: 'held on re-inspection' } };
}

/** An inspection with its photos, the hold it opens and its audit event; the parcel's status changes last. */
export async function recordInspection(db: Sql, rec: InspectionRecord): Promise<InspectionStored> {
  const at = rec.finishedAt;
  let parcelId: number | null = null;
  let parcelStatus: ParcelStatus | null = null;
  let before: ParcelStatus = 'NEW';
  let holdId: number | null = null;
  let newHold = false;
  const row = inspectionRow(rec);
  if (rec.trackingNo) {
    const existing = await db.get<{ id: number; status: ParcelStatus }>('SELECT id, status FROM parcels WHERE tracking_no = ?', [rec.trackingNo]);
    parcelId = existing
      ? Number(existing.id)
      : Number((await db.get<{ id: number }>("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES (?, 'NEW', ?, ?) RETURNING id", [rec.trackingNo, at, at]))!.id);
    const openHold = await db.get<{ id: number }>(OPEN_HOLD, [parcelId]);
    before = existing?.status ?? 'NEW';
    const shipment = await db.get<{ id: number; status: 'OPEN' | 'CLOSED' }>(
      'SELECT s.id, s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = ?',
      [parcelId],
    );
    const effect = inspectionEffect({ before, outcome: rec.outcome, provisional: rec.provisional === true, openHold: !!openHold, shipment: shipment?.status ?? null });
    if (effect.offShipment && shipment) {
      const shipmentId = Number(shipment.id);
      await guarded(db, 'shipment_remove_parcel', { shipmentId, parcelId });
      await appendAudit(db, offShipmentEvent({ ...rec, trackingNo: rec.trackingNo }, shipmentId), at);
    }
    parcelStatus = effect.status;
    newHold = effect.newHold;
    holdId = openHold ? Number(openHold.id) : null;
  }
  const inserted = await db.get<{ id: number }>(INSERT_INSPECTION, { parcelId, ...row });
  const inspectionId = Number(inserted!.id);
  for (const [i, id] of rec.photoIds.entries()) await db.run('INSERT INTO inspection_photos (inspection_id, position, photo_sha256) VALUES (?, ?, ?)', [inspectionId, i, id]);
  if (newHold && parcelId !== null) {
    const hold = await db.get<{ id: number }>(
      "INSERT INTO holds (parcel_id, inspection_id, status, reasons, created_at, station, inspector_id) VALUES (?, ?, 'OPEN', ?, ?, ?, ?) RETURNING id",
      [parcelId, inspectionId, row.reasons, at, rec.station, rec.inspectorId],
    );
    holdId = Number(hold!.id);
    await refreshHoldClocks(db, { hold: holdId });
    for (const f of rec.findings) await db.run('INSERT INTO hold_reasons (hold_id, code) VALUES (?, ?) ON CONFLICT DO NOTHING', [holdId, f.code]);
    for (const b of rec.brands) await db.run('INSERT INTO hold_brands (hold_id, brand_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [holdId, b]);
  }
  const head = await appendAuditHead(db, inspectionEvent(rec, inspectionId, holdId), at);
  // The status changes last, carrying the audit event just written (the lifecycle's rule).
  if (parcelId !== null && parcelStatus !== null && parcelStatus !== before) await setParcelStatus(db, parcelId, parcelStatus, head.seq, at);
  return { inspectionId, holdId, parcelStatus, chainHead: head };
}

/** A station's latest inspections, each with the hold it opened (or the parcel's undecided hold it ran into). */
export async function recentInspections(db: Sql, station: string, limit: number): Promise<RecentInspection[]> {
  const rows = await db.all<{ id: number; tracking_no: string | null; scan: string | null; outcome: 'CLEAR' | 'HOLD'; reasons: string; finished_at: string; inspector: string; hold_id: number | null; location: string | null }>(
    `SELECT x.*, h.location FROM (
       SELECT i.id, p.tracking_no, i.scan, i.outcome, i.reasons, i.finished_at, u.name AS inspector,
              (SELECT h.id FROM holds h WHERE h.parcel_id = i.parcel_id
                 AND (h.inspection_id = i.id OR (h.status IN ('OPEN', 'AWAITING_PROOF') AND i.outcome = 'HOLD'))
               ORDER BY CASE WHEN h.inspection_id = i.id THEN 0 ELSE 1 END, h.id DESC LIMIT 1) AS hold_id
       FROM inspections i
       JOIN users u ON u.id = i.inspector_id
       LEFT JOIN parcels p ON p.id = i.parcel_id
       WHERE i.station = ?
       ORDER BY i.id DESC LIMIT ?
     ) x LEFT JOIN holds h ON h.id = x.hold_id
     ORDER BY x.id DESC`,
    [station, limit],
  );
  return rows.map((r) => ({
    inspectionId: Number(r.id),
    trackingNo: r.tracking_no ?? r.scan,
    outcome: r.outcome,
    reasons: r.reasons.split(',').filter(Boolean) as ReasonCode[],
    at: r.finished_at,
    inspector: r.inspector,
    holdId: r.hold_id === null ? null : Number(r.hold_id),
    location: r.location,
  }));
}

export async function stationCounts(db: Sql, station: string, sinceIso: string): Promise<{ inspected: number; cleared: number; held: number }> {
  const r = await db.get<{ inspected: number; cleared: number; held: number }>(
    `SELECT count(*) AS inspected,
            coalesce(sum(CASE WHEN outcome = 'CLEAR' THEN 1 ELSE 0 END), 0) AS cleared,
            coalesce(sum(CASE WHEN outcome = 'HOLD' THEN 1 ELSE 0 END), 0) AS held
     FROM inspections WHERE station = ? AND finished_at >= ?`,
    [station, sinceIso],
  );
  return { inspected: Number(r?.inspected ?? 0), cleared: Number(r?.cleared ?? 0), held: Number(r?.held ?? 0) };
}

export async function inspectionsOf(db: Sql, parcelId: number): Promise<InspectionDetail[]> {
  const rows = await db.all<{ id: number; finished_at: string; station: string; inspector: string; outcome: 'CLEAR' | 'HOLD'; findings_json: string; reads_json: string; notes_json: string; ruleset_version: number; rules: string | null }>(
    `SELECT i.id, i.finished_at, i.station, u.name AS inspector, i.outcome, i.findings_json, i.reads_json, i.notes_json, i.ruleset_version, i.rules
     FROM inspections i JOIN users u ON u.id = i.inspector_id WHERE i.parcel_id = ? ORDER BY i.id`,
    [parcelId],
  );
  // The photos of all the parcel's inspections in one query, grouped here (no JSON aggregation in SQL).
  const photos = new Map<number, string[]>();
  const photoRows = await db.all<{ inspection_id: number; photo_sha256: string }>(
    `SELECT ip.inspection_id, ip.photo_sha256 FROM inspection_photos ip JOIN inspections i ON i.id = ip.inspection_id
     WHERE i.parcel_id = ? ORDER BY ip.inspection_id, ip.position`,
    [parcelId],
  );
  for (const r of photoRows) photos.set(Number(r.inspection_id), [...(photos.get(Number(r.inspection_id)) ?? []), r.photo_sha256]);
  return rows.map((r) => ({
    inspectionId: Number(r.id),
    at: r.finished_at,
    station: r.station,
    inspector: r.inspector,
    outcome: r.outcome,
    findings: JSON.parse(r.findings_json) as Finding[],
    reads: JSON.parse(r.reads_json) as PhotoRead[],
    notes: JSON.parse(r.notes_json) as Note[],
    photoIds: photos.get(Number(r.id)) ?? [],
    rulesetVersion: Number(r.ruleset_version),
    rules: r.rules,
  }));
}

/** Everything known about a parcel: inspections, holds with their decisions, the shipment it is on. */
export async function parcelHistory(db: Sql, trackingNo: string, now: Date) {
  const p = await db.get<{ id: number }>('SELECT id FROM parcels WHERE tracking_no = ?', [trackingNo]);
  if (!p) return null;
  const parcelId = Number(p.id);
  const holdIds = (await db.all<{ id: number }>('SELECT id FROM holds WHERE parcel_id = ? ORDER BY id', [parcelId])).map((h) => Number(h.id));
  const ship = await db.get<{ shipmentId: number; status: string }>(
    'SELECT s.id AS "shipmentId", s.status FROM shipment_parcels sp JOIN shipments s ON s.id = sp.shipment_id WHERE sp.parcel_id = ?',
    [parcelId],
  );
  const settings = await clockSettings(db);
  const holds = [];
  for (const id of holdIds) holds.push({ ...(await holdRow(db, id, now, settings)), decisions: await decisionsOf(db, id) });
  return {
    inspections: await inspectionsOf(db, parcelId),
    holds,
    shipment: ship ? { shipmentId: Number(ship.shipmentId), status: ship.status } : null,
  };
}

/** The latest inspection of every parcel inspected since an instant, with its stored reads. */
export async function replayInputs(db: Sql, sinceIso: string | null): Promise<ReplayInput[]> {
  const rows = await db.all<{ id: number; tracking_no: string; status: ParcelStatus; finished_at: string; outcome: Outcome; reasons: string; ruleset_version: number; reads_json: string }>(
    `SELECT i.id, p.tracking_no, p.status, i.finished_at, i.outcome, i.reasons, i.ruleset_version, i.reads_json
     FROM parcels p JOIN inspections i ON i.id = (SELECT max(id) FROM inspections WHERE parcel_id = p.id)
     WHERE i.finished_at >= @since ORDER BY i.id`,
    { since: sinceIso ?? '' },
  );
  return rows.map((r) => ({
    inspectionId: Number(r.id),
    trackingNo: r.tracking_no,
    parcelStatus: r.status,
    inspectedAt: r.finished_at,
    outcome: r.outcome,
    reasons: r.reasons.split(',').filter(Boolean) as ReasonCode[],
    rulesetVersion: Number(r.ruleset_version),
    reads: JSON.parse(r.reads_json) as PhotoRead[],
  }));
}
