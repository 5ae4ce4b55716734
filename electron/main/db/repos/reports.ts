// The supervisor's report: counts per day, reason and brand, the holds' first final decisions, and
// the holds decided after a clock had run out. The storage counts and lists; the arithmetic is pure
// (shared/reports.ts, shared/holds/clocks.ts).
import type { ReportSummary } from '../../../../shared/api';
import { passedWhenDecided, type HoldClockFacts } from '../../../../shared/holds/clocks';
import { decisionTimes, holdRate } from '../../../../shared/reports';
import type { HoldDisposition, ReasonCode } from '../../../../shared/types';
import type { Sql } from '../sql';
import { clockSettings } from './settings';

export async function reportSummary(db: Sql, from: string, to: string): Promise<ReportSummary> {
  const lo = `${from}T00:00:00.000Z`;
  const hi = `${to}T23:59:59.999Z`;
  const daily = await db.all<{ day: string; inspected: number; holds: number }>(
    `SELECT substr(finished_at, 1, 10) AS day, count(*) AS inspected, coalesce(sum(CASE WHEN outcome = 'HOLD' THEN 1 ELSE 0 END), 0) AS holds
     FROM inspections WHERE finished_at BETWEEN ? AND ? GROUP BY substr(finished_at, 1, 10) ORDER BY day`,
    [lo, hi],
  );
  const byReason = await db.all<{ code: ReasonCode; holds: number }>(
    `SELECT r.code, count(*) AS holds FROM hold_reasons r JOIN holds h ON h.id = r.hold_id
     WHERE h.created_at BETWEEN ? AND ? GROUP BY r.code ORDER BY holds DESC, r.code`,
    [lo, hi],
  );
  const byBrand = await db.all<{ brand_id: string; holds: number }>(
    `SELECT b.brand_id, count(*) AS holds FROM hold_brands b JOIN holds h ON h.id = b.hold_id
     WHERE h.created_at BETWEEN ? AND ? GROUP BY b.brand_id ORDER BY holds DESC, b.brand_id`,
    [lo, hi],
  );
  // Each hold's first final decision (waiting for proof is not one).
  const decided = await db.all<{ disposition: HoldDisposition; created_at: string; decided_at: string }>(
    `SELECT d.disposition, h.created_at, d.decided_at FROM hold_decisions d JOIN holds h ON h.id = d.hold_id
     WHERE h.created_at BETWEEN ? AND ? AND d.id = (
       SELECT f.id FROM hold_decisions f WHERE f.hold_id = d.hold_id AND f.disposition <> 'AWAIT_PROOF' ORDER BY f.decided_at, f.id LIMIT 1)
     ORDER BY d.hold_id`,
    [lo, hi],
  );
  return {
    from,
    to,
    daily: daily.map((d) => ({ day: d.day, inspected: Number(d.inspected), holds: Number(d.holds), holdRate: holdRate(Number(d.holds), Number(d.inspected)) })),
    byReason: byReason.map((r) => ({ code: r.code, holds: Number(r.holds) })),
    byBrand: byBrand.map((b) => ({ brandId: b.brand_id, holds: Number(b.holds) })),
    ...decisionTimes(decided.map((d) => ({ disposition: d.disposition, createdAt: d.created_at, decidedAt: d.decided_at }))),
  };
}

interface FactsRaw {
  hold_id: number;
  delivery_date: string | null;
  arrived_at: string;
  decided_at: string;
  /** The deadline of the hold's last proof request that got no document before the decision. */
  unanswered_deadline: string | null;
}

/** Holds decided in [from, to) (ISO instants) and how many after a clock had run out. */
export async function lateDecisions(db: Sql, fromIso: string, toIso: string): Promise<{ decided: number; late: number; byClock: { kind: string; holds: number }[] }> {
  const settings = await clockSettings(db);
  const rows = await db.all<FactsRaw>(
    `SELECT h.id AS hold_id, o.delivery_date, p.created_at AS arrived_at, h.decided_at,
            (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.decision_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM proof_documents d WHERE d.request_id = pr.id AND d.received_at <= h.decided_at)
             ORDER BY pr.id DESC LIMIT 1) AS unanswered_deadline
     FROM holds h
     JOIN parcels p ON p.id = h.parcel_id
     LEFT JOIN orders o ON o.tracking_no = p.tracking_no
     WHERE h.decided_at IS NOT NULL AND h.decided_at >= ? AND h.decided_at < ?
     ORDER BY h.id`,
    [fromIso, toIso],
  );
  const byClock = new Map<string, number>();
  let late = 0;
  for (const r of rows) {
    // The proof clock counts only where the proof never arrived before the decision.
    const facts: HoldClockFacts = { deliveryDate: r.delivery_date, firstInspectedAt: r.arrived_at, proofDeadline: r.unanswered_deadline };
    const passed = passedWhenDecided(facts, settings, r.decided_at);
    if (passed.length) late++;
    for (const k of passed) byClock.set(k, (byClock.get(k) ?? 0) + 1);
  }
  return { decided: rows.length, late, byClock: [...byClock].map(([kind, holds]) => ({ kind, holds })) };
}
