// Holds as managed cases on SQLite: clock settings, the holiday list, proof requests and the documents
// received for them, and the facts the clocks are computed from. Called inside SqliteStorage's transactions.
import type { ProofRequestRow } from '../../../shared/api';
import { DEFAULT_CLOCK_SETTINGS, passedWhenDecided, proofDeadline, type ClockSettings, type HoldClockFacts } from '../../../shared/holds/clocks';
import { defaultProofAsk, type ProofItem } from '../../../shared/holds/proof';
import type { HolidayCalendar } from '../../../shared/holds/workingDays';
import type { HolidayEntry } from '../../../shared/imports/holidaysFile';
import { AppError } from '../../../shared/result';
import { appendAudit } from './audit';
import type { Db } from './database';

const SETTINGS_KEY = 'hold_clocks';

export function clockSettings(db: Db): ClockSettings {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined;
  return { ...DEFAULT_CLOCK_SETTINGS, ...(r ? (JSON.parse(r.value) as Partial<ClockSettings>) : {}) };
}

export function saveClockSettings(db: Db, value: ClockSettings, actor: string, at: string): ClockSettings {
  const before = clockSettings(db);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SETTINGS_KEY, JSON.stringify(value));
  appendAudit(db, { actor, action: 'settings.clocks', entityType: 'settings', entityId: SETTINGS_KEY, details: { from: before, to: value } }, at);
  return value;
}

export function listHolidays(db: Db): HolidayEntry[] {
  return db.prepare('SELECT date, name, type FROM holidays ORDER BY date').all() as HolidayEntry[];
}

export function holidayCalendar(db: Db): HolidayCalendar {
  const rows = listHolidays(db);
  return {
    holidays: new Set(rows.filter((r) => r.type === 'holiday').map((r) => r.date)),
    workdays: new Set(rows.filter((r) => r.type === 'workday').map((r) => r.date)),
  };
}

export function importHolidays(db: Db, items: HolidayEntry[], actor: string, file: string, at: string) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  const get = db.prepare('SELECT name, type FROM holidays WHERE date = ?');
  const upsert = db.prepare('INSERT INTO holidays (date, name, type) VALUES (@date, @name, @type) ON CONFLICT(date) DO UPDATE SET name = excluded.name, type = excluded.type');
  for (const h of items) {
    const before = get.get(h.date) as { name: string; type: string } | undefined;
    if (before && before.name === h.name && before.type === h.type) {
      counts.unchanged++;
      continue;
    }
    if (before) counts.updated++;
    else counts.inserted++;
    upsert.run(h);
  }
  appendAudit(db, { actor, action: 'import.holidays', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

/** The facts every clock of a hold is computed from, in one query per call. */
const FACTS_SQL = `
  SELECT h.id AS hold_id, o.delivery_date, p.created_at AS arrived_at,
         (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.status = 'OPEN') AS proof_deadline
  FROM holds h
  JOIN parcels p ON p.id = h.parcel_id
  JOIN inspections i ON i.id = h.inspection_id
  LEFT JOIN orders o ON o.tracking_no = p.tracking_no`;

interface FactsRaw {
  hold_id: number;
  delivery_date: string | null;
  arrived_at: string;
  proof_deadline: string | null;
}

const toFacts = (r: FactsRaw): HoldClockFacts => ({ deliveryDate: r.delivery_date, firstInspectedAt: r.arrived_at, proofDeadline: r.proof_deadline });

export function holdClockFacts(db: Db, holdId: number): HoldClockFacts | null {
  const r = db.prepare(`${FACTS_SQL} WHERE h.id = ?`).get(holdId) as FactsRaw | undefined;
  return r ? toFacts(r) : null;
}

// ---- proof requests ----------------------------------------------------------------------

export interface ProofRequestInput {
  holdId: number;
  decisionId: number;
  asked?: ProofItem[];
  customer?: string;
  note: string;
  userId: number;
  userName: string;
}

/** Records what was asked of whom and until when; a request still in progress for the hold is closed first. */
export function createProofRequest(db: Db, r: ProofRequestInput, at: string): number {
  const h = db
    .prepare(
      `SELECT h.reasons, p.tracking_no, o.customer FROM holds h JOIN parcels p ON p.id = h.parcel_id
       JOIN inspections i ON i.id = h.inspection_id LEFT JOIN orders o ON o.tracking_no = p.tracking_no WHERE h.id = ?`,
    )
    .get(r.holdId) as { reasons: string; tracking_no: string; customer: string | null } | undefined;
  if (!h) throw new AppError('NOT_FOUND', `No hold ${r.holdId}`);
  closeProofRequests(db, r.holdId, at);
  const asked = r.asked?.length ? r.asked : defaultProofAsk(h.reasons.split(','));
  const customer = r.customer?.trim() || h.customer || h.tracking_no;
  const deadline = proofDeadline(at, clockSettings(db).proofWorkingDays, holidayCalendar(db));
  const id = Number(
    db
      .prepare(
        `INSERT INTO proof_requests (hold_id, decision_id, asked_json, customer, note, requested_at, requested_by, deadline, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')`,
      )
      .run(r.holdId, r.decisionId, JSON.stringify(asked), customer, r.note, at, r.userId, deadline).lastInsertRowid,
  );
  appendAudit(db, { actor: r.userName, action: 'proof.request', entityType: 'parcel', entityId: h.tracking_no, details: { holdId: r.holdId, requestId: id, asked, customer, deadline } }, at);
  return id;
}

export function closeProofRequests(db: Db, holdId: number, at: string): void {
  db.prepare("UPDATE proof_requests SET status = 'CLOSED', closed_at = ? WHERE hold_id = ? AND status IN ('OPEN', 'RECEIVED')").run(at, holdId);
}

const REQUEST_SELECT = `
  SELECT pr.*, p.tracking_no, i.order_no, u.name AS requested_by_name
  FROM proof_requests pr
  JOIN holds h ON h.id = pr.hold_id
  JOIN parcels p ON p.id = h.parcel_id
  JOIN inspections i ON i.id = h.inspection_id
  JOIN users u ON u.id = pr.requested_by`;

interface RequestRaw {
  id: number;
  hold_id: number;
  asked_json: string;
  customer: string;
  note: string;
  requested_at: string;
  deadline: string;
  status: ProofRequestRow['status'];
  closed_at: string | null;
  tracking_no: string;
  order_no: string | null;
  requested_by_name: string;
}

function toRequest(db: Db, r: RequestRaw): ProofRequestRow {
  const docs = db
    .prepare(
      `SELECT d.sha256, ph.mime, ph.original_name, d.received_at, u.name FROM proof_documents d
       JOIN photos ph ON ph.sha256 = d.sha256 JOIN users u ON u.id = d.received_by WHERE d.request_id = ? ORDER BY d.received_at, d.sha256`,
    )
    .all(r.id) as { sha256: string; mime: string; original_name: string | null; received_at: string; name: string }[];
  return {
    requestId: r.id,
    holdId: r.hold_id,
    trackingNo: r.tracking_no,
    orderNo: r.order_no,
    asked: JSON.parse(r.asked_json) as ProofItem[],
    customer: r.customer,
    note: r.note,
    requestedAt: r.requested_at,
    requestedBy: r.requested_by_name,
    deadline: r.deadline,
    status: r.status,
    closedAt: r.closed_at,
    documents: docs.map((d) => ({ sha256: d.sha256, mime: d.mime, name: d.original_name, receivedAt: d.received_at, receivedBy: d.name })),
  };
}

export function proofRequest(db: Db, requestId: number): ProofRequestRow {
  const r = db.prepare(`${REQUEST_SELECT} WHERE pr.id = ?`).get(requestId) as RequestRaw | undefined;
  if (!r) throw new AppError('NOT_FOUND', `No proof request ${requestId}`);
  return toRequest(db, r);
}

export function proofRequestsOfParcel(db: Db, trackingNo: string): ProofRequestRow[] {
  return (db.prepare(`${REQUEST_SELECT} WHERE p.tracking_no = ? ORDER BY pr.id`).all(trackingNo) as RequestRaw[]).map((r) => toRequest(db, r));
}

/** Requests still in progress (nothing received yet, or received and the hold not yet decided), soonest deadline first. */
export function openProofRequests(db: Db): ProofRequestRow[] {
  return (db.prepare(`${REQUEST_SELECT} WHERE pr.status IN ('OPEN', 'RECEIVED') ORDER BY pr.deadline, pr.id`).all() as RequestRaw[]).map((r) => toRequest(db, r));
}

export function attachProofDocument(db: Db, requestId: number, sha256: string, userId: number, userName: string, at: string): ProofRequestRow {
  const req = proofRequest(db, requestId);
  if (req.status === 'CLOSED') throw new AppError('CONFLICT', `Proof request ${requestId} for ${req.trackingNo} is closed: the hold was decided`);
  if (!db.prepare('SELECT 1 FROM photos WHERE sha256 = ?').get(sha256)) throw new AppError('NOT_FOUND', `Document ${sha256.slice(0, 12)}… was not stored`);
  db.prepare('INSERT OR IGNORE INTO proof_documents (request_id, sha256, received_at, received_by) VALUES (?, ?, ?, ?)').run(requestId, sha256, at, userId);
  db.prepare("UPDATE proof_requests SET status = 'RECEIVED' WHERE id = ? AND status = 'OPEN'").run(requestId);
  appendAudit(db, { actor: userName, action: 'proof.receive', entityType: 'parcel', entityId: req.trackingNo, details: { holdId: req.holdId, requestId, document: sha256 } }, at);
  return proofRequest(db, requestId);
}

// ---- reports ------------------------------------------------------------------------------

/** Holds decided in [from, to] (local dates as stored ISO prefixes) and how many after a clock had run out. */
export function lateDecisions(db: Db, fromIso: string, toIso: string): { decided: number; late: number; byClock: { kind: string; holds: number }[] } {
  const settings = clockSettings(db);
  const rows = db
    .prepare(
      `SELECT f.*, h.decided_at,
              (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.decision_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM proof_documents d WHERE d.request_id = pr.id AND d.received_at <= h.decided_at)
               ORDER BY pr.id DESC LIMIT 1) AS unanswered_deadline
       FROM (${FACTS_SQL}) f JOIN holds h ON h.id = f.hold_id
       WHERE h.decided_at IS NOT NULL AND h.decided_at >= ? AND h.decided_at < ?`,
    )
    .all(fromIso, toIso) as (FactsRaw & { decided_at: string; unanswered_deadline: string | null })[];
  const byClock = new Map<string, number>();
  let late = 0;
  for (const r of rows) {
    // The proof clock counts only where the proof never arrived before the decision.
    const passed = passedWhenDecided({ ...toFacts(r), proofDeadline: r.unanswered_deadline }, settings, r.decided_at);
    if (passed.length) late++;
    for (const k of passed) byClock.set(k, (byClock.get(k) ?? 0) + 1);
  }
  return { decided: rows.length, late, byClock: [...byClock].map(([kind, holds]) => ({ kind, holds })) };
}
