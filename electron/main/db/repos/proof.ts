// Proof requests: what was asked of whom and until when when a supervisor waits for proof, and the
// documents received for them. Writes run inside the caller's write transaction.
import type { ProofRequestRow } from '../../../../shared/api';
import { proofDeadline } from '../../../../shared/holds/clocks';
import { defaultProofAsk, type ProofItem } from '../../../../shared/holds/proof';
import { AppError } from '../../../../shared/result';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';
import { photoExists } from './photos';
import { refreshHoldClocks } from './holdClockDays';
import { clockSettings, holidayCalendar } from './settings';

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
export async function createProofRequest(db: Sql, r: ProofRequestInput, at: string): Promise<number> {
  const h = await db.get<{ reasons: string; tracking_no: string; customer: string | null }>(
    `SELECT h.reasons, p.tracking_no, o.customer FROM holds h JOIN parcels p ON p.id = h.parcel_id
     JOIN inspections i ON i.id = h.inspection_id LEFT JOIN orders o ON o.tracking_no = p.tracking_no WHERE h.id = ?`,
    [r.holdId],
  );
  if (!h) throw new AppError('NOT_FOUND', `No hold ${r.holdId}`);
  await closeProofRequests(db, r.holdId, at);
  const asked = r.asked?.length ? r.asked : defaultProofAsk(h.reasons.split(','));
  const customer = r.customer?.trim() || h.customer || h.tracking_no;
  const deadline = proofDeadline(at, (await clockSettings(db)).proofWorkingDays, await holidayCalendar(db));
  const inserted = await db.get<{ id: number }>(
    `INSERT INTO proof_requests (hold_id, decision_id, asked_json, customer, note, requested_at, requested_by, deadline, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN') RETURNING id`,
    [r.holdId, r.decisionId, JSON.stringify(asked), customer, r.note, at, r.userId, deadline],
  );
  const id = Number(inserted!.id);
  await refreshHoldClocks(db, { hold: r.holdId });
  await appendAudit(db, { actor: r.userName, action: 'proof.request', entityType: 'parcel', entityId: h.tracking_no, details: { holdId: r.holdId, requestId: id, asked, customer, deadline } }, at);
  return id;
}

export async function closeProofRequests(db: Sql, holdId: number, at: string): Promise<void> {
  const closed = await db.run("UPDATE proof_requests SET status = 'CLOSED', closed_at = ? WHERE hold_id = ? AND status IN ('OPEN', 'RECEIVED')", [at, holdId]);
  if (closed.changes) await refreshHoldClocks(db, { hold: holdId });
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

async function toRequest(db: Sql, r: RequestRaw): Promise<ProofRequestRow> {
  const docs = await db.all<{ sha256: string; mime: string; original_name: string | null; received_at: string; name: string }>(
    `SELECT d.sha256, ph.mime, ph.original_name, d.received_at, u.name FROM proof_documents d
     JOIN photos ph ON ph.sha256 = d.sha256 JOIN users u ON u.id = d.received_by WHERE d.request_id = ? ORDER BY d.received_at, d.sha256`,
    [r.id],
  );
  return {
    requestId: Number(r.id),
    holdId: Number(r.hold_id),
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

async function toRequests(db: Sql, rows: RequestRaw[]): Promise<ProofRequestRow[]> {
  const out: ProofRequestRow[] = [];
  for (const r of rows) out.push(await toRequest(db, r));
  return out;
}

export async function proofRequest(db: Sql, requestId: number): Promise<ProofRequestRow> {
  const r = await db.get<RequestRaw>(`${REQUEST_SELECT} WHERE pr.id = ?`, [requestId]);
  if (!r) throw new AppError('NOT_FOUND', `No proof request ${requestId}`);
  return toRequest(db, r);
}

export async function proofRequestsOfParcel(db: Sql, trackingNo: string): Promise<ProofRequestRow[]> {
  return toRequests(db, await db.all<RequestRaw>(`${REQUEST_SELECT} WHERE p.tracking_no = ? ORDER BY pr.id`, [trackingNo]));
}

/** Requests still in progress (nothing received yet, or received and the hold not yet decided), soonest deadline first. */
export async function openProofRequests(db: Sql): Promise<ProofRequestRow[]> {
  return toRequests(db, await db.all<RequestRaw>(`${REQUEST_SELECT} WHERE pr.status IN ('OPEN', 'RECEIVED') ORDER BY pr.deadline, pr.id`));
}

export async function attachProofDocument(db: Sql, requestId: number, sha256: string, userId: number, userName: string, at: string): Promise<ProofRequestRow> {
  const req = await proofRequest(db, requestId);
  if (req.status === 'CLOSED') throw new AppError('CONFLICT', `Proof request ${requestId} for ${req.trackingNo} is closed: the hold was decided`);
  if (!(await photoExists(db, sha256))) throw new AppError('NOT_FOUND', `Document ${sha256.slice(0, 12)}… was not stored`);
  await db.run('INSERT INTO proof_documents (request_id, sha256, received_at, received_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [requestId, sha256, at, userId]);
  // Proof received: no longer overdue, so the hold's stored proof day goes with the request's status.
  if ((await db.run("UPDATE proof_requests SET status = 'RECEIVED' WHERE id = ? AND status = 'OPEN'", [requestId])).changes) await refreshHoldClocks(db, { hold: req.holdId });
  await appendAudit(db, { actor: userName, action: 'proof.receive', entityType: 'parcel', entityId: req.trackingNo, details: { holdId: req.holdId, requestId, document: sha256 } }, at);
  return proofRequest(db, requestId);
}
