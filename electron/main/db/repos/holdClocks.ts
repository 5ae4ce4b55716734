// The queue's "expires soonest" order and its "expires within N hours" filter, read from the clock
// days stored on each undecided hold (migration 11, kept right by holdClockDays.ts, cleared on decision). Every clock runs
// out at the end of a warehouse-local day, so each is compared as that day against day thresholds
// computed here from `now`; the groups and order are those of shared/holds/clocks.ts (the integration
// tests check this order against compareExpiry):
//   0 proof overdue · 1 return window closes within 48 h · 2 some clock running, soonest first ·
//   3 every clock run out · 4 decided; ties oldest hold first.
// Sorting every candidate on each page cost 354–1,004 ms at 100,000 holds. Instead a page of M rows
// is taken from a few short candidate lists, each an ordered range of one partial index:
//   - groups 0 and 1 whole (overdue proof requests; return windows closing within two days);
//   - for each clock column, the first M holds whose clock is still running, in that clock's order:
//     a hold in the first M of group 2 is among the first M of the list of its soonest clock, since
//     every hold before it there has a running clock no later than its own, so comes before it;
//   - the first M holds of group 3, and of the decided ones, oldest first (group 3 is the undecided holds
//     past abandonment, which a warehouse keeps few: its range is read whole and sorted).
// The union (at most a few times M rows plus groups 0 and 1) is then ranked exactly. A page of the
// queue narrowed by a filter is instead its filter's holds (found through that filter's index) ranked whole.
import { RETURN_WARNING_HOURS } from '../../../../shared/holds/clocks';
import { addDays, localDate } from '../../../../shared/holds/workingDays';
import type { Dialect, Sql } from '../sql';

export const UNDECIDED = "h.status IN ('OPEN', 'AWAITING_PROOF')";
export const DECIDED = "h.status NOT IN ('OPEN', 'AWAITING_PROOF')";
const CLOCK_DAYS = ['return_day', 'free_day', 'abandon_day', 'proof_day'] as const;
const NONE = "'9999-12-31'";

export interface RankRequest {
  /** The queue's other filters (station, brand, …) as SQL conditions on `h`, without the status. */
  conditions: readonly string[];
  /** The statuses asked for; null: every status. */
  statuses: readonly string[] | null;
  sort?: 'expiry' | 'oldest';
  expiresWithinHours?: number;
  offset: number;
  limit: number;
}

function and(...parts: readonly string[]): string {
  return parts.filter(Boolean).join(' AND ');
}

/** The candidate ids (index ranges, joined by UNION ALL: a hold may come twice) for the page, or for the whole "within" set. */
function candidates(r: RankRequest, status: string): string[] {
  const undecided = r.statuses === null || r.statuses.some((s) => s === 'OPEN' || s === 'AWAITING_PROOF');
  const decided = r.statuses === null || r.statuses.some((s) => s !== 'OPEN' && s !== 'AWAITING_PROOF');
  // A hold has clock days only while undecided, so a range of days is of undecided holds alone; the
  // status itself is left out where it adds nothing, as SQLite would otherwise read by its index.
  const narrowed = r.statuses === null || (r.statuses.includes('OPEN') && r.statuses.includes('AWAITING_PROOF')) ? '' : status;
  const base = (...more: string[]) => and(narrowed, ...r.conditions, ...more);
  const out: string[] = [];
  if (undecided) {
    out.push(`SELECT h.id FROM holds h WHERE ${base('h.proof_day < @today')}`);
    if (r.expiresWithinHours !== undefined) {
      for (const c of CLOCK_DAYS) out.push(`SELECT h.id FROM holds h WHERE ${base(`h.${c} >= @today`, `h.${c} <= @withinLast`)}`);
      return out;
    }
    out.push(`SELECT h.id FROM holds h WHERE ${base('h.return_day >= @today', 'h.return_day <= @warnLast')}`);
    for (const c of CLOCK_DAYS) {
      out.push(`SELECT id FROM (SELECT h.id FROM holds h WHERE ${base(`h.${c} >= @today`)} ORDER BY h.${c}, h.created_at, h.id LIMIT @m) AS ${c}_first`);
    }
    // Group 3 with the overdue proofs among them (group 0 is taken whole above, so at least M of group 3 remain).
    out.push(`SELECT id FROM (SELECT h.id FROM holds h WHERE ${base('h.abandon_day < @today', 'h.return_day < @today')} ORDER BY h.created_at, h.id LIMIT @m) AS run_out`);
  }
  if (decided && r.expiresWithinHours === undefined) {
    out.push(`SELECT id FROM (SELECT h.id FROM holds h WHERE ${and(DECIDED, status, ...r.conditions)} ORDER BY h.created_at, h.id LIMIT @m) AS decided`);
  }
  return out;
}

function rankSql(dialect: Dialect, r: RankRequest, status: string): string {
  const least = dialect === 'sqlite' ? 'min' : 'LEAST';
  const running = (c: string) => `CASE WHEN h.${c} >= @today THEN h.${c} ELSE ${NONE} END`;
  const byExpiry = (r.sort ?? 'expiry') === 'expiry';
  const order = byExpiry
    ? `CASE WHEN ${DECIDED} THEN 4
            WHEN h.proof_day < @today THEN 0
            WHEN h.return_day >= @today AND h.return_day <= @warnLast THEN 1
            WHEN h.return_day >= @today OR h.free_day >= @today OR h.abandon_day >= @today OR h.proof_day >= @today THEN 2
            ELSE 3 END,
       ${least}(${CLOCK_DAYS.map(running).join(', ')}),`
    : '';
  // A filter (station, brand, reason, …) picks its holds through its own index and they are ranked
  // whole; the whole queue, or "within", is ranked from its candidate ranges.
  const from =
    r.conditions.length && r.expiresWithinHours === undefined
      ? `WHERE ${and(status, ...r.conditions)}`
      : `WHERE h.id IN (${candidates(r, status).join('\n UNION ALL ')})`;
  return `SELECT h.id FROM holds h ${from} ORDER BY ${order} h.created_at, h.id LIMIT @limit OFFSET @offset`;
}

/** The day thresholds for `now`: today, the last day a return window may end and still warn, the last day "within" reaches. */
function thresholds(now: Date, withinHours: number | undefined) {
  const dayOf = (ms: number) => localDate(new Date(ms));
  const t = now.getTime();
  return {
    today: dayOf(t),
    // A clock ending with day D runs out at the start of D + 1: within 48 h when D + 1 starts before now + 48 h.
    warnLast: addDays(dayOf(t + RETURN_WARNING_HOURS * 3600_000 - 1), -1),
    withinLast: addDays(dayOf(t + (withinHours ?? 0) * 3600_000), -1),
  };
}

/**
 * One page of the queue in expiry order (or, with `expiresWithinHours`, the holds whose clocks run
 * out by then, in either order), and how many there are in all: counted by a query of its own, over
 * the status index for the whole queue, over the candidate ranges for "within".
 */
export async function rankByExpiry(db: Sql, r: RankRequest, params: Record<string, unknown>, now: Date): Promise<{ ids: number[]; total: number }> {
  const statuses = r.statuses;
  const status = statuses === null ? '' : `h.status IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
  const th = thresholds(now, r.expiresWithinHours);
  const values = { ...params, ...th, m: r.offset + r.limit, limit: r.limit, offset: r.offset };
  const rows = await db.all<{ id: number }>(rankSql(db.dialect, r, status), values);
  const countSql =
    r.expiresWithinHours !== undefined
      ? `SELECT count(DISTINCT id) AS n FROM (${candidates(r, status).join('\n UNION ALL ')}) AS within_set`
      : `SELECT count(*) AS n FROM holds h ${status || r.conditions.length ? `WHERE ${and(status, ...r.conditions)}` : ''}`;
  const { today, withinLast } = th;
  const n = await db.get<{ n: number }>(countSql, r.expiresWithinHours !== undefined ? { ...params, today, withinLast } : params);
  return { ids: rows.map((x) => Number(x.id)), total: Number(n?.n ?? 0) };
}
