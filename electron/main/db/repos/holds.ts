// Holds and the supervisors' decisions on them: the queue with its filters and clock order, one
// hold's row, its decisions, deciding, and putting a hold on a shelf. Writes run inside the caller's
// write transaction; the hold's own changes go through the guarded statements (guarded.ts).
import type { DecisionRow, HoldRow } from '../../../../shared/api';
import type { Finding, HoldDisposition, HoldStatus, ParcelStatus, ReasonCode } from '../../../../shared/types';
import { AppError } from '../../../../shared/result';
import { clocksOf, type ClockSettings } from '../../../../shared/holds/clocks';
import { decisionRefusal, DISPOSITION_STATUS, isFinal, isUndecided } from '../../../../shared/holds/decisions';
import type { ProofItem } from '../../../../shared/holds/proof';
import { appendAudit } from '../audit';
import { guarded } from '../guarded';
import type { Sql } from '../sql';
import { SqlWhere } from '../sqlWhere';
import { rankByExpiry } from './holdClocks';
import { setParcelStatus } from './lifecycle';
import { photoExists } from './photos';
import { closeProofRequests, createProofRequest } from './proof';
import { clockSettings } from './settings';
import { isKnownShelf } from './shelves';

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
  return {
    holdId: Number(r.id),
    clocks: isUndecided(r.status) ? clocksOf({ deliveryDate: r.delivery_date, firstInspectedAt: r.arrived_at, proofDeadline: r.proof_deadline }, settings, now) : null,
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

const STATUSES: Record<HoldFilter['status'], string[] | null> = {
  undecided: ['OPEN', 'AWAITING_PROOF'],
  OPEN: ['OPEN'],
  AWAITING_PROOF: ['AWAITING_PROOF'],
  decided: ['RELEASED', 'RETURNED', 'DESTROYED'],
  all: null,
};

/** `x` equal to the text parameter `@name` whatever the case (ASCII on SQLite, as NOCASE; all scripts on PostgreSQL). */
const sameText = (x: string, name: string) => `lower(${x}) = lower(CAST(@${name} AS TEXT))`;

export async function listHolds(db: Sql, f: HoldFilter, now: Date): Promise<{ rows: HoldRow[]; total: number }> {
  const hoursAgo = (h: number | undefined) => (h === undefined ? undefined : new Date(now.getTime() - h * 3600_000).toISOString());
  // A brand by id, name or any alias, in either script, whatever the case: its ids first (three index
  // probes), then its holds through hold_brands; as one statement PostgreSQL mis-planned it (1.1 s).
  const brand = f.brand?.trim();
  const brandIds = brand ? await brandIdsNamed(db, brand) : [];
  if (brand && !brandIds.length) return { rows: [], total: 0 };
  const brandParams = Object.fromEntries(brandIds.map((id, i) => [`brand${i}`, id]));
  const where = new SqlWhere()
    .when('reason', f.reason, 'h.id IN (SELECT hold_id FROM hold_reasons WHERE code = @reason)')
    .when('station', f.station?.trim(), sameText('h.station', 'station'))
    .when('inspector', f.inspector?.trim(), `h.inspector_id IN (SELECT id FROM users WHERE ${sameText('name', 'inspector')})`)
    .when('location', f.location?.trim().toUpperCase(), 'h.location = @location')
    .when('olderThan', hoursAgo(f.minAgeHours), 'h.created_at <= @olderThan')
    .when('newerThan', hoursAgo(f.maxAgeHours), 'h.created_at >= @newerThan');
  if (brandIds.length) where.always(`h.id IN (SELECT hold_id FROM hold_brands WHERE brand_id IN (${brandIds.map((_, i) => `@brand${i}`).join(', ')}))`);
  const params = { ...where.params, ...brandParams };
  const st = STATUSES[f.status];
  const settings = await clockSettings(db);
  if ((f.sort ?? 'expiry') === 'expiry' || f.expiresWithinHours !== undefined) {
    // Ranked in SQL on the stored clock days (holdClocks.ts); each row's clocks are then computed by
    // the pure functions the detail shows.
    const ranked = await rankByExpiry(db, { ...f, conditions: where.conditions, statuses: st }, params, now);
    return { rows: await holdRows(db, ranked.ids, now, settings), total: ranked.total };
  }
  if (st) where.always(`h.status IN (${st.map((s) => `'${s}'`).join(',')})`);
  const { clause } = where;
  const total = Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM holds h ${clause}`, params))?.n ?? 0);
  // The page's ids first (index only), then the joins for those 50 rows alone: sorting joined rows was 0.75 s at 90,000 holds.
  const rows = await db.all<HoldRaw>(
    `${HOLD_SELECT} WHERE h.id IN (SELECT h.id FROM holds h ${clause} ORDER BY h.created_at ASC, h.id ASC LIMIT @limit OFFSET @offset) ORDER BY h.created_at ASC, h.id ASC`,
    { ...params, limit: f.limit, offset: f.offset },
  );
  return { rows: rows.map((r) => toHoldRow(r, now, settings)), total };
}

/** The ids of the brands whose id, name or any alias (Chinese or Latin) is `name`, whatever the case. */
async function brandIdsNamed(db: Sql, name: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM brands WHERE ${sameText('id', 'brand')}
     UNION SELECT id FROM brands WHERE ${sameText('name', 'brand')}
     UNION SELECT brand_id AS id FROM brand_aliases WHERE ${sameText('alias', 'brand')}
     ORDER BY id`,
    { brand: name },
  );
  return rows.map((r) => r.id);
}

export async function holdRow(db: Sql, holdId: number, now: Date, settings?: ClockSettings): Promise<HoldRow> {
  const r = await db.get<HoldRaw>(`${HOLD_SELECT} WHERE h.id = ?`, [holdId]);
  if (!r) throw new AppError('NOT_FOUND', `No hold ${holdId}`);
  return toHoldRow(r, now, settings ?? (await clockSettings(db)));
}

/** IN-lists come in three lengths (padded by repeating an id), so a page of any size reuses one of three prepared statements. */
const IN_SIZES = [8, 64, 512] as const;
const HOLDS_IN = new Map(IN_SIZES.map((n) => [n, `${HOLD_SELECT} WHERE h.id IN (${Array.from({ length: n }, () => '?').join(', ')})`]));

/** Several holds in the order given (one round trip for a page of the queue). */
async function holdRows(db: Sql, ids: readonly number[], now: Date, settings: ClockSettings): Promise<HoldRow[]> {
  const byId = new Map<number, HoldRow>();
  const max = IN_SIZES[IN_SIZES.length - 1];
  for (let i = 0; i < ids.length; i += max) {
    const part = ids.slice(i, i + max);
    const size = IN_SIZES.find((n) => n >= part.length) ?? max;
    const padded = [...part, ...Array.from({ length: size - part.length }, () => part[0])];
    for (const r of await db.all<HoldRaw>(HOLDS_IN.get(size)!, padded)) byId.set(Number(r.id), toHoldRow(r, now, settings));
  }
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `No hold ${id}`);
    return row;
  });
}

export async function decisionsOf(db: Sql, holdId: number): Promise<DecisionRow[]> {
  const rows = await db.all<{ id: number; hold_id: number; disposition: HoldDisposition; reason: string; decided_by: string; decided_at: string; documents_json: string }>(
    `SELECT d.id, d.hold_id, d.disposition, d.reason, u.name AS decided_by, d.decided_at, d.documents_json
     FROM hold_decisions d JOIN users u ON u.id = d.decided_by WHERE d.hold_id = ? ORDER BY d.id`,
    [holdId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    holdId: Number(r.hold_id),
    disposition: r.disposition,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    documents: JSON.parse(r.documents_json) as string[],
  }));
}

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

/** A supervisor's decision, inside the write transaction: the checks read the hold as this transaction sees it. */
export async function decideHold(db: Sql, d: DecideInput, at: string, now: Date): Promise<{ hold: HoldRow; decision: DecisionRow; parcelStatus: ParcelStatus }> {
  const h = await db.get<{ id: number; status: HoldStatus; parcel_id: number; tracking_no: string }>(
    'SELECT h.id, h.status, h.parcel_id, p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = ?',
    [d.holdId],
  );
  if (!h) throw new AppError('NOT_FOUND', `No hold ${d.holdId}`);
  const parcelId = Number(h.parcel_id);
  const deciderInspected = !!(await db.get('SELECT 1 FROM inspections WHERE parcel_id = ? AND inspector_id = ? LIMIT 1', [parcelId, d.userId]));
  const refusal = decisionRefusal({ holdStatus: h.status, disposition: d.disposition, fourEyes: d.fourEyes, deciderInspected });
  if (refusal === 'decided') throw new AppError('CONFLICT', `Hold ${d.holdId} on ${h.tracking_no} was already decided (${h.status})`);
  if (refusal === 'fourEyes') {
    throw new AppError('FOUR_EYES', `${d.userName} inspected ${h.tracking_no} and cannot also release it: another supervisor must decide (four-eyes rule)`, undefined, {
      params: { tracking: h.tracking_no },
    });
  }
  for (const doc of d.documents) {
    if (!(await photoExists(db, doc))) throw new AppError('NOT_FOUND', `Document ${doc.slice(0, 12)}… was not stored`);
  }
  const target = DISPOSITION_STATUS[d.disposition];
  const final = isFinal(d.disposition);
  // The audit event first (the database takes a decision row only after it, migration 13), then the
  // decision, the hold and the parcel change carrying that event.
  const seq = await appendAudit(
    db,
    {
      actor: d.userName,
      action: `hold.${d.disposition.toLowerCase()}`,
      entityType: 'parcel',
      entityId: h.tracking_no,
      // The supervisor's own answer to "flag the seller?" is part of the decision's record.
      details: { holdId: d.holdId, reason: d.reason, documents: d.documents, station: d.station, fourEyes: d.fourEyes, ...(d.counterfeit === undefined ? {} : { counterfeit: d.counterfeit }) },
    },
    at,
  );
  const inserted = await db.get<{ id: number }>(
    'INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at, documents_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [d.holdId, d.disposition, d.reason, d.userId, at, JSON.stringify(d.documents)],
  );
  const id = Number(inserted!.id);
  // A final decision closes any request in progress, before the hold is decided (whose clock days it then clears).
  if (d.disposition !== 'AWAIT_PROOF') await closeProofRequests(db, d.holdId, at);
  await guarded(db, 'hold_decide', {
    holdId: d.holdId,
    status: target.hold,
    decidedAt: final ? at : null,
    decidedBy: final ? d.userId : null,
    reason: final ? d.reason : null,
  });
  await setParcelStatus(db, parcelId, target.parcel, seq, at);
  // Waiting for proof is a recorded request with a deadline: its own event, after the decision's.
  if (d.disposition === 'AWAIT_PROOF') {
    await createProofRequest(db, { holdId: d.holdId, decisionId: id, asked: d.proof?.asked, customer: d.proof?.customer, note: d.reason, userId: d.userId, userName: d.userName }, at);
  }
  return {
    hold: await holdRow(db, d.holdId, now),
    decision: { id, holdId: d.holdId, disposition: d.disposition, reason: d.reason, decidedBy: d.userName, decidedAt: at, documents: d.documents },
    parcelStatus: target.parcel,
  };
}

/** Puts an undecided hold on a shelf (one on the list, when a list is kept). */
export async function setHoldLocation(db: Sql, holdId: number, location: string, actor: string, station: string, at: string): Promise<{ holdId: number; status: string; location: string }> {
  const h = await db.get<{ id: number; status: HoldStatus; tracking_no: string }>('SELECT h.id, h.status, p.tracking_no FROM holds h JOIN parcels p ON p.id = h.parcel_id WHERE h.id = ?', [holdId]);
  if (!h) throw new AppError('NOT_FOUND', `No hold ${holdId}`);
  if (!isUndecided(h.status)) throw new AppError('CONFLICT', `Hold ${holdId} is already decided (${h.status})`);
  if (!(await isKnownShelf(db, location))) throw new AppError('BAD_REQUEST', `${location} is not a shelf on the list`, undefined, { key: 'unknownShelf', params: { location } });
  await guarded(db, 'hold_locate', { holdId, location, at });
  await appendAudit(db, { actor, action: 'hold.locate', entityType: 'parcel', entityId: h.tracking_no, details: { holdId, location, station } }, at);
  return { holdId, status: h.status, location };
}
