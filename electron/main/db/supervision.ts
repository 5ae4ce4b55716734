// Holds, decisions, shipments and reports on SQLite. Called inside SqliteStorage's transactions.
import type { DecisionRow, HoldRow, InspectionDetail, ManifestLine, ReportSummary, ShipmentRow } from '../../../shared/api';
import type { Finding, HoldDisposition, Note, HoldStatus, ParcelStatus, PhotoRead, ReasonCode } from '../../../shared/types';
import { AppError } from '../../../shared/result';
import { appendAudit } from './audit';
import type { Db } from './database';
import { SqlWhere } from './sqlWhere';
import { setParcelStatus } from './lifecycleGuard';
import { clocksOf, type ClockSettings } from '../../../shared/holds/clocks';
import { clockSettings, closeProofRequests, createProofRequest } from './holdCases';
import { rankByExpiry } from './holdClocksSql';
import type { ProofItem } from '../../../shared/holds/proof';

export interface HoldFilter {
  status: 'undecided' | 'OPEN' | 'AWAITING_PROOF' | 'decided' | 'all';
  reason?: string;
  brand?: string;
  station?: string;
  inspector?: string;
  location?: string;
  minAgeHours?: number;
  maxAgeHours?: number;
  expiresWithinHours?: number;
  sort?: 'expiry' | 'oldest';
  offset: number;
  limit: number;
}

interface HoldRaw {
  id: number;
  tracking_no: string;
  order_no: string | null;
  status: HoldStatus;
  reasons: string;
  station: string | null;
  inspector: string | null;
  location: string | null;
  created_at: string;
  findings_json: string;
  brands_json: string;
  delivery_date: string | null;
  arrived_at: string;
  proof_deadline: string | null;
  last_decision: string | null;
}

const HOLD_SELECT = `
  SELECT h.id, p.tracking_no, i.order_no, h.status, h.reasons, h.station, u.name AS inspector, h.location, h.created_at,
         i.findings_json, i.brands_json, o.delivery_date, p.created_at AS arrived_at,
         (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.status = 'OPEN') AS proof_deadline,
         (SELECT d.disposition || '|' || d.decided_at || '|' || du.name FROM hold_decisions d JOIN users du ON du.id = d.decided_by
          WHERE d.hold_id = h.id ORDER BY d.id DESC LIMIT 1) AS last_decision
  FROM holds h
  JOIN parcels p ON p.id = h.parcel_id
  JOIN inspections i ON i.id = h.inspection_id
  LEFT JOIN orders o ON o.tracking_no = p.tracking_no
  LEFT JOIN users u ON u.id = h.inspector_id`;

function lastDecision(s: string | null): HoldRow['lastDecision'] {
  if (!s) return null;
  const [disposition, decidedAt, ...by] = s.split('|');
  return { disposition: disposition as HoldDisposition, decidedAt, decidedBy: by.join('|') };
}

function toHoldRow(r: HoldRaw, now: Date, settings: ClockSettings): HoldRow {
  const findings = JSON.parse(r.findings_json) as Finding[];
  const undecided = r.status === 'OPEN' || r.status === 'AWAITING_PROOF';
  return {
    holdId: r.id,
    clocks: undecided ? clocksOf({ deliveryDate: r.delivery_date, firstInspectedAt: r.arrived_at, proofDeadline: r.proof_deadline }, settings, now) : null,
    trackingNo: r.tracking_no,
    orderNo: r.order_no,
    status: r.status,
    reasons: r.reasons.split(',').filter(Boolean) as ReasonCode[],
    brands: JSON.parse(r.brands_json) as string[],
    station: r.station,
    inspector: r.inspector,
    location: r.location,
    createdAt: r.created_at,
    ageMinutes: Math.max(0, Math.round((now.getTime() - Date.parse(r.created_at)) / 60000)),
    summary: findings[0]?.message ?? '',
    summaryZh: findings[0]?.messageZh ?? '',
    lastDecision: lastDecision(r.last_decision),
  };
}

export function listHolds(db: Db, f: HoldFilter, now: Date): { rows: HoldRow[]; total: number } {
  const statuses: Record<HoldFilter['status'], string[] | null> = {
    undecided: ['OPEN', 'AWAITING_PROOF'],
    OPEN: ['OPEN'],
    AWAITING_PROOF: ['AWAITING_PROOF'],
    decided: ['RELEASED', 'RETURNED', 'DESTROYED'],
    all: null,
  };
  const hoursAgo = (h: number | undefined) => (h === undefined ? undefined : new Date(now.getTime() - h * 3600_000).toISOString());
  const where = new SqlWhere()
    .when('reason', f.reason, 'h.id IN (SELECT hold_id FROM hold_reasons WHERE code = @reason)')
    // Brand by id, name or any alias, in either script, whatever the case; station and inspector likewise.
    .when(
      'brand',
      f.brand?.trim(),
      `h.id IN (SELECT hold_id FROM hold_brands WHERE brand_id IN (
         SELECT id FROM brands WHERE id = @brand COLLATE NOCASE OR name = @brand COLLATE NOCASE
         UNION SELECT brand_id FROM brand_aliases WHERE alias = @brand COLLATE NOCASE))`,
    )
    .when('station', f.station?.trim(), 'h.station = @station COLLATE NOCASE')
    .when('inspector', f.inspector?.trim(), 'h.inspector_id IN (SELECT id FROM users WHERE name = @inspector COLLATE NOCASE)')
    .when('location', f.location?.trim().toUpperCase(), 'h.location = @location')
    .when('olderThan', hoursAgo(f.minAgeHours), 'h.created_at <= @olderThan')
    .when('newerThan', hoursAgo(f.maxAgeHours), 'h.created_at >= @newerThan');
  const st = statuses[f.status];
  if (st) where.always(`h.status IN (${st.map((s) => `'${s}'`).join(',')})`);
  const { clause, params } = where;
  const settings = clockSettings(db);
  if ((f.sort ?? 'expiry') === 'expiry' || f.expiresWithinHours !== undefined) {
    // Ranked in SQL (holdClocksSql.ts mirrors the pure clocks), so a page of 100,000 holds costs one query;
    // each row's clocks are then computed by the pure functions the detail shows.
    const ranked = rankByExpiry(db, clause, params, settings, now, f);
    return { rows: ranked.ids.map((id) => holdRow(db, id, now, settings)), total: ranked.total };
  }
  const total = (db.prepare(`SELECT count(*) AS n FROM holds h ${clause}`).get(params) as { n: number }).n;
  // The page's ids first (index only), then the joins for those 50 rows alone: sorting joined rows was 0.75 s at 90,000 holds.
  const rows = db
    .prepare(`${HOLD_SELECT} WHERE h.id IN (SELECT h.id FROM holds h ${clause} ORDER BY h.created_at ASC, h.id ASC LIMIT @limit OFFSET @offset) ORDER BY h.created_at ASC, h.id ASC`)
    .all({ ...params, limit: f.limit, offset: f.offset }) as HoldRaw[];
  return { rows: rows.map((r) => toHoldRow(r, now, settings)), total };
}

export function holdRow(db: Db, holdId: number, now: Date, settings: ClockSettings = clockSettings(db)): HoldRow {
  const r = db.prepare(`${HOLD_SELECT} WHERE h.id = ?`).get(holdId) as HoldRaw | undefined;
  if (!r) throw new AppError('NOT_FOUND', `No hold ${holdId}`);
  return toHoldRow(r, now, settings);
}

export function decisionsOf(db: Db, holdId: number): DecisionRow[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.hold_id, d.disposition, d.reason, u.name AS decided_by, d.decided_at, d.documents_json
       FROM hold_decisions d JOIN users u ON u.id = d.decided_by WHERE d.hold_id = ? ORDER BY d.id`,
    )
    .all(holdId) as { id: number; hold_id: number; disposition: HoldDisposition; reason: string; decided_by: string; decided_at: string; documents_json: string }[];
  return rows.map((r) => ({
    id: r.id,
    holdId: r.hold_id,
    disposition: r.disposition,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    documents: JSON.parse(r.documents_json) as string[],
  }));
}

const DISPOSITION_STATUS: Record<HoldDisposition, { hold: HoldStatus; parcel: ParcelStatus }> = {
  RELEASE: { hold: 'RELEASED', parcel: 'RELEASED' },
  RETURN: { hold: 'RETURNED', parcel: 'RETURNED' },
  DESTROY: { hold: 'DESTROYED', parcel: 'DESTROYED' },
  AWAIT_PROOF: { hold: 'AWAITING_PROOF', parcel: 'AWAITING_PROOF' },
};

export interface DecideInput {
  holdId: number;
  disposition: HoldDisposition;
  reason: string;
  documents: string[];
  userId: number;
  userName: string;
  station: string;
  fourEyes: boolean;
  /** With AWAIT_PROOF: what is asked of whom (defaults from the hold's reasons and the order's customer). */
  proof?: { asked: ProofItem[]; customer?: string };
  /** RETURN/DESTROY as counterfeit (remembers the seller); absent: judged from the hold's reasons. */
  counterfeit?: boolean;
}

export function decideHold(db: Db, d: DecideInput, at: string, now: Date): { hold: HoldRow; decision: DecisionRow; parcelStatus: ParcelStatus } {
  const h = db.prepare('SELECT h.id, h.status, h.parcel_id, p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = ?').get(d.holdId) as
    | { id: number; status: HoldStatus; parcel_id: number; tracking_no: string }
    | undefined;
  if (!h) throw new AppError('NOT_FOUND', `No hold ${d.holdId}`);
  if (h.status !== 'OPEN' && h.status !== 'AWAITING_PROOF') {
    throw new AppError('CONFLICT', `Hold ${d.holdId} on ${h.tracking_no} was already decided (${h.status})`);
  }
  if (d.disposition === 'RELEASE' && d.fourEyes) {
    const own = db.prepare('SELECT 1 FROM inspections WHERE parcel_id = ? AND inspector_id = ? LIMIT 1').get(h.parcel_id, d.userId);
    if (own) {
      throw new AppError('FOUR_EYES', `${d.userName} inspected ${h.tracking_no} and cannot also release it: another supervisor must decide (four-eyes rule)`, undefined, {
        params: { tracking: h.tracking_no },
      });
    }
  }
  for (const doc of d.documents) {
    if (!db.prepare('SELECT 1 FROM photos WHERE sha256 = ?').get(doc)) throw new AppError('NOT_FOUND', `Document ${doc.slice(0, 12)}… was not stored`);
  }
  const target = DISPOSITION_STATUS[d.disposition];
  const final = d.disposition !== 'AWAIT_PROOF';
  // Decision first, then its audit event, then the hold and the parcel change carrying that event.
  const id = Number(
    db
      .prepare('INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at, documents_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(d.holdId, d.disposition, d.reason, d.userId, at, JSON.stringify(d.documents)).lastInsertRowid,
  );
  // Waiting for proof is a recorded request with a deadline; a final decision closes any request in progress.
  if (d.disposition === 'AWAIT_PROOF') createProofRequest(db, { holdId: d.holdId, decisionId: id, asked: d.proof?.asked, customer: d.proof?.customer, note: d.reason, userId: d.userId, userName: d.userName }, at);
  else closeProofRequests(db, d.holdId, at);
  const seq = appendAudit(
    db,
    {
      actor: d.userName,
      action: `hold.${d.disposition.toLowerCase()}`,
      entityType: 'parcel',
      entityId: h.tracking_no,
      details: { holdId: d.holdId, reason: d.reason, documents: d.documents, station: d.station, fourEyes: d.fourEyes },
    },
    at,
  );
  db.prepare('UPDATE holds SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE id = ?').run(
    target.hold,
    final ? at : null,
    final ? d.userId : null,
    final ? d.reason : null,
    d.holdId,
  );
  setParcelStatus(db, h.parcel_id, target.parcel, seq, at);
  return {
    hold: holdRow(db, d.holdId, now),
    decision: { id, holdId: d.holdId, disposition: d.disposition, reason: d.reason, decidedBy: d.userName, decidedAt: at, documents: d.documents },
    parcelStatus: target.parcel,
  };
}

export function inspectionsOf(db: Db, parcelId: number): InspectionDetail[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.finished_at, i.station, u.name AS inspector, i.outcome, i.findings_json, i.reads_json, i.notes_json, i.ruleset_version, i.rules,
              (SELECT json_group_array(photo_sha256) FROM (SELECT photo_sha256 FROM inspection_photos WHERE inspection_id = i.id ORDER BY position)) AS photos
       FROM inspections i JOIN users u ON u.id = i.inspector_id WHERE i.parcel_id = ? ORDER BY i.id`,
    )
    .all(parcelId) as { id: number; finished_at: string; station: string; inspector: string; outcome: 'CLEAR' | 'HOLD'; findings_json: string; reads_json: string; notes_json: string; ruleset_version: number; rules: string | null; photos: string }[];
  return rows.map((r) => ({
    inspectionId: r.id,
    at: r.finished_at,
    station: r.station,
    inspector: r.inspector,
    outcome: r.outcome,
    findings: JSON.parse(r.findings_json) as Finding[],
    reads: JSON.parse(r.reads_json) as PhotoRead[],
    notes: JSON.parse(r.notes_json) as Note[],
    photoIds: JSON.parse(r.photos) as string[],
    rulesetVersion: r.ruleset_version,
    rules: r.rules,
  }));
}

// ---- shipments ------------------------------------------------------------------------

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
  shipmentId: r.id,
  destination: r.destination,
  carrier: r.carrier,
  status: r.status,
  createdAt: r.created_at,
  createdBy: r.created_by,
  closedAt: r.closed_at,
  parcels: r.parcels,
});

export function shipment(db: Db, id: number): ShipmentRow {
  const r = db.prepare(`${SHIPMENT_SELECT} WHERE s.id = ?`).get(id) as ShipmentRaw | undefined;
  if (!r) throw new AppError('NOT_FOUND', `No shipment ${id}`);
  return toShipment(r);
}

export function listShipments(db: Db, status: 'OPEN' | 'CLOSED' | 'all'): ShipmentRow[] {
  const rows = db.prepare(`${SHIPMENT_SELECT} ${status === 'all' ? '' : 'WHERE s.status = ?'} ORDER BY s.id DESC LIMIT 200`).all(...(status === 'all' ? [] : [status])) as ShipmentRaw[];
  return rows.map(toShipment);
}

export function createShipment(db: Db, destination: string, carrier: string, userId: number, userName: string, at: string): ShipmentRow {
  const id = Number(db.prepare("INSERT INTO shipments (destination, carrier, status, created_at, created_by) VALUES (?, ?, 'OPEN', ?, ?)").run(destination, carrier, at, userId).lastInsertRowid);
  appendAudit(db, { actor: userName, action: 'shipment.create', entityType: 'shipment', entityId: String(id), details: { destination, carrier } }, at);
  return shipment(db, id);
}

/**
 * Why a parcel may not leave, in plain words, or null. The database trigger enforces the same
 * rule; this check gives the reason, the trigger guarantees it under any race.
 */
export function gateRefusal(db: Db, trackingNo: string): string | null {
  const p = db.prepare('SELECT id, status FROM parcels WHERE tracking_no = ?').get(trackingNo) as { id: number; status: ParcelStatus } | undefined;
  if (!p) return `${trackingNo} was never inspected`;
  const hold = db.prepare("SELECT id, location, reasons FROM holds WHERE parcel_id = ? AND status IN ('OPEN','AWAITING_PROOF')").get(p.id) as
    | { id: number; location: string | null; reasons: string }
    | undefined;
  if (hold) return `${trackingNo} is on hold${hold.location ? ` at ${hold.location}` : ''} (${hold.reasons.replace(/,/g, ', ')})`;
  const on = db.prepare('SELECT shipment_id FROM shipment_parcels WHERE parcel_id = ?').get(p.id) as { shipment_id: number } | undefined;
  if (on) return `${trackingNo} is already on shipment ${on.shipment_id}`;
  if (p.status === 'RETURNED') return `${trackingNo} was returned to the seller`;
  if (p.status === 'DESTROYED') return `${trackingNo} was destroyed`;
  if (p.status !== 'CLEARED' && p.status !== 'RELEASED') return `${trackingNo} is not cleared (${p.status})`;
  return null;
}

export function manifestLines(db: Db, shipmentId: number): ManifestLine[] {
  const rows = db
    .prepare(
      `SELECT p.tracking_no, o.order_no, o.customer, o.item, o.declared_brand, sp.added_at, u.name AS added_by
       FROM shipment_parcels sp JOIN parcels p ON p.id = sp.parcel_id JOIN users u ON u.id = sp.added_by
       LEFT JOIN orders o ON o.tracking_no = p.tracking_no
       WHERE sp.shipment_id = ? ORDER BY sp.added_at, p.tracking_no`,
    )
    .all(shipmentId) as { tracking_no: string; order_no: string | null; customer: string | null; item: string | null; declared_brand: string | null; added_at: string; added_by: string }[];
  return rows.map((r) => ({ trackingNo: r.tracking_no, orderNo: r.order_no, customer: r.customer, item: r.item, declaredBrand: r.declared_brand, addedAt: r.added_at, addedBy: r.added_by }));
}

// ---- reports ---------------------------------------------------------------------------

function quantile(v: number[], q: number): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const hours = (ms: number) => Math.round((ms / 3600_000) * 100) / 100;

export function reportSummary(db: Db, from: string, to: string): ReportSummary {
  const lo = `${from}T00:00:00.000Z`;
  const hi = `${to}T23:59:59.999Z`;
  const daily = db
    .prepare(
      `SELECT substr(finished_at, 1, 10) AS day, count(*) AS inspected, coalesce(sum(outcome = 'HOLD'), 0) AS holds
       FROM inspections WHERE finished_at BETWEEN ? AND ? GROUP BY day ORDER BY day`,
    )
    .all(lo, hi) as { day: string; inspected: number; holds: number }[];
  const byReason = db
    .prepare(
      `SELECT r.code, count(*) AS holds FROM hold_reasons r JOIN holds h ON h.id = r.hold_id
       WHERE h.created_at BETWEEN ? AND ? GROUP BY r.code ORDER BY holds DESC`,
    )
    .all(lo, hi) as { code: ReasonCode; holds: number }[];
  const byBrand = db
    .prepare(
      `SELECT b.brand_id, count(*) AS holds FROM hold_brands b JOIN holds h ON h.id = b.hold_id
       WHERE h.created_at BETWEEN ? AND ? GROUP BY b.brand_id ORDER BY holds DESC`,
    )
    .all(lo, hi) as { brand_id: string; holds: number }[];
  const decided = db
    .prepare(
      `SELECT d.disposition, h.created_at, min(d.decided_at) AS decided_at FROM hold_decisions d JOIN holds h ON h.id = d.hold_id
       WHERE h.created_at BETWEEN ? AND ? AND d.disposition <> 'AWAIT_PROOF' GROUP BY d.hold_id`,
    )
    .all(lo, hi) as { disposition: HoldDisposition; created_at: string; decided_at: string }[];
  const all = decided.map((d) => Date.parse(d.decided_at) - Date.parse(d.created_at));
  const byDisposition = new Map<HoldDisposition, number[]>();
  decided.forEach((d, i) => byDisposition.set(d.disposition, [...(byDisposition.get(d.disposition) ?? []), all[i]]));
  return {
    from,
    to,
    daily: daily.map((d) => ({ ...d, holdRate: d.inspected ? Math.round((d.holds / d.inspected) * 1000) / 1000 : 0 })),
    byReason,
    byBrand: byBrand.map((b) => ({ brandId: b.brand_id, holds: b.holds })),
    decisions: [...byDisposition].map(([disposition, v]) => ({ disposition, count: v.length, medianHours: hours(quantile(v, 0.5)), p95Hours: hours(quantile(v, 0.95)) })),
    holdToDecision: { decided: all.length, medianHours: hours(quantile(all, 0.5)), p95Hours: hours(quantile(all, 0.95)) },
  };
}
