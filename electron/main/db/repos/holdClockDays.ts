// Keeps the clock days stored on each undecided hold (migration 12 / pg 7) equal to what its facts
// give: the parcel's arrival, the order's delivery date, the open proof request's deadline and the
// clock settings. Called by every write that changes one of those, inside that write's transaction,
// so the queue never sees a hold whose stored days and facts disagree. Recomputing a hold whose facts
// did not change rewrites nothing, so a wider refresh than needed is only slower, never wrong. A
// decided hold has no clock: its days are cleared, so the day indexes hold the undecided queue alone.
// The deadline of a proof request is fixed when it is made (the customer is told it), so a holiday
// list imported later changes no stored day.
import { DEFAULT_CLOCK_SETTINGS } from '../../../../shared/holds/clocks';
import { WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../../shared/holds/workingDays';
import type { Sql } from '../sql';

/** Which holds to refresh: one (decided or not), those of the orders an import wrote at `at`, or every undecided one. */
export type ClockScope = { hold: number } | { importAt: string } | 'all';

const TZ = `'+${WAREHOUSE_UTC_OFFSET_MINUTES} minutes'`;
const UNDECIDED = "status IN ('OPEN', 'AWAITING_PROOF')";

/** A clock setting as stored (the whole set is one JSON value), or its default. */
const setting = (key: keyof typeof DEFAULT_CLOCK_SETTINGS) =>
  `coalesce((SELECT CAST(json_extract(value, '$.${key}') AS INTEGER) FROM settings WHERE key = 'hold_clocks'), ${DEFAULT_CLOCK_SETTINGS[key]})`;

const HOLDS_OF: Record<'hold' | 'importAt' | 'all', string> = {
  hold: 'h.id = @hold',
  importAt: `h.id IN (SELECT uh.id FROM holds uh JOIN parcels up ON up.id = uh.parcel_id JOIN orders uo ON uo.tracking_no = up.tracking_no
                      WHERE uh.${UNDECIDED} AND uo.updated_at = @importAt)`,
  all: `(h.${UNDECIDED} OR h.return_day IS NOT NULL)`,
};

/** SQLite's statement; PostgreSQL runs the same one as pg_gate_hold_clocks (a station may not UPDATE holds there). */
function sqliteRefresh(kind: keyof typeof HOLDS_OF): string {
  return `
  UPDATE holds SET return_day = x.return_day, free_day = x.free_day, abandon_day = x.abandon_day, proof_day = x.proof_day
  FROM (
    SELECT h.id,
           CASE WHEN h.${UNDECIDED} THEN date(coalesce(o.delivery_date, date(p.created_at, ${TZ})), '+' || ${setting('returnWindowDays')} || ' days') END AS return_day,
           CASE WHEN h.${UNDECIDED} THEN date(p.created_at, ${TZ}, '+' || ${setting('storageFreeDays')} || ' days') END AS free_day,
           CASE WHEN h.${UNDECIDED} THEN date(p.created_at, ${TZ}, '+' || ${setting('abandonmentDays')} || ' days') END AS abandon_day,
           CASE WHEN h.${UNDECIDED} THEN date(pr.deadline, ${TZ}, '-1 day') END AS proof_day
    FROM holds h
    JOIN parcels p ON p.id = h.parcel_id
    LEFT JOIN orders o ON o.tracking_no = p.tracking_no
    LEFT JOIN proof_requests pr ON pr.hold_id = h.id AND pr.status = 'OPEN'
    WHERE ${HOLDS_OF[kind]}
  ) x
  WHERE holds.id = x.id
    AND (holds.return_day IS DISTINCT FROM x.return_day OR holds.free_day IS DISTINCT FROM x.free_day
         OR holds.abandon_day IS DISTINCT FROM x.abandon_day OR holds.proof_day IS DISTINCT FROM x.proof_day)`;
}

/** Recomputes the stored clock days of the holds in `scope`; returns how many changed. Call inside the write transaction. */
export async function refreshHoldClocks(db: Sql, scope: ClockScope): Promise<number> {
  const [kind, key] = scope === 'all' ? (['all', ''] as const) : 'hold' in scope ? (['hold', scope.hold] as const) : (['importAt', scope.importAt] as const);
  if (db.dialect === 'postgres') {
    const r = await db.get<{ changed: number }>('SELECT pg_gate_hold_clocks(@kind, CAST(@key AS TEXT)) AS changed', { kind: kind === 'importAt' ? 'import' : kind, key: String(key) });
    return Number(r?.changed ?? 0);
  }
  return (await db.run(sqliteRefresh(kind), kind === 'all' ? {} : { [kind]: key })).changes;
}
