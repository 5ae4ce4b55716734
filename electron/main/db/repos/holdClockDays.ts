// Keeps the clock days stored on each undecided hold (migration 11 / pg 6) equal to what its facts
// give: the parcel's arrival, the order's delivery date, the open proof request's deadline and the
// clock settings. Called by every write that changes one of those, inside that write's transaction,
// so the queue never sees a hold whose stored days and facts disagree. Recomputing a hold whose facts
// did not change rewrites nothing, so a wider refresh than needed is only slower, never wrong. A
// decided hold has no clock: its days are cleared, so the day indexes hold the undecided queue alone.
// The deadline of a proof request is fixed when it is made (the customer is told it), so a holiday
// list imported later changes no stored day.
import { guardedHoldClocks } from '../guarded';
import type { Sql } from '../sql';

/** Which holds to refresh: one or a list (decided or not: a decided one's days are cleared), or every undecided one. */
export type ClockScope = { hold: number } | { holds: readonly number[] } | 'all';

/** Recomputes the stored clock days of the holds in `scope`; returns how many changed. Call inside the write transaction. */
export async function refreshHoldClocks(db: Sql, scope: ClockScope): Promise<number> {
  if (scope === 'all') return guardedHoldClocks(db, 'all', '');
  if ('hold' in scope) return guardedHoldClocks(db, 'hold', scope.hold);
  return scope.holds.length ? guardedHoldClocks(db, 'holds', JSON.stringify(scope.holds)) : 0;
}
