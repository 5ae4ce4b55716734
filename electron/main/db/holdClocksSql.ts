// The queue's "expires soonest" order in SQL, so sorting and paging 100,000 holds is one query. Every
// clock runs out at the end of a warehouse-local day, so it is compared as that day (date(), cheap)
// against day thresholds computed here from `now` by the pure functions; the groups and order are
// those of shared/holds/clocks.ts (the integration tests check this order against compareExpiry).
import { RETURN_WARNING_HOURS, type ClockSettings } from '../../../shared/holds/clocks';
import { addDays, localDate, WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../shared/holds/workingDays';
import type { Db } from './database';

const NONE = "'9999-12-31'";

export function rankByExpiry(
  db: Db,
  clause: string,
  params: Record<string, unknown>,
  settings: ClockSettings,
  now: Date,
  f: { sort?: 'expiry' | 'oldest'; expiresWithinHours?: number; offset: number; limit: number },
): { ids: number[]; total: number } {
  const arrival = `date(p.created_at, @tz)`;
  const running = (col: string) => `CASE WHEN ${col} >= @today THEN ${col} ELSE ${NONE} END`;
  const sql = `
    WITH d AS (
      SELECT h.id, h.created_at, h.status,
             date(coalesce(o.delivery_date, ${arrival}), @returnDays) AS ret,
             date(${arrival}, @freeDays) AS free,
             date(${arrival}, @abandonDays) AS aband,
             date(pr.deadline, @tz, '-1 day') AS proof
      FROM holds h
      JOIN parcels p ON p.id = h.parcel_id
      LEFT JOIN orders o ON o.tracking_no = p.tracking_no
      LEFT JOIN proof_requests pr ON pr.hold_id = h.id AND pr.status = 'OPEN'
      ${clause}
    ), r AS (
      SELECT id, created_at,
             CASE WHEN status NOT IN ('OPEN', 'AWAITING_PROOF') THEN 4
                  WHEN proof < @today THEN 0
                  WHEN ret >= @today AND ret <= @warnLast THEN 1
                  WHEN ret >= @today OR free >= @today OR aband >= @today OR proof >= @today THEN 2
                  ELSE 3 END AS grp,
             min(${running('ret')}, ${running('free')}, ${running('aband')}, ${running('proof')}) AS next
      FROM d
    )
    SELECT id, count(*) OVER () AS total FROM r
    ${f.expiresWithinHours !== undefined ? 'WHERE grp = 0 OR (grp < 3 AND next <= @withinLast)' : ''}
    ORDER BY ${(f.sort ?? 'expiry') === 'expiry' ? 'grp, next,' : ''} created_at, id
    LIMIT @limit OFFSET @offset`;
  const dayOf = (ms: number) => localDate(new Date(ms));
  const t = now.getTime();
  const values = {
    ...params,
    tz: `+${WAREHOUSE_UTC_OFFSET_MINUTES} minutes`,
    returnDays: `+${settings.returnWindowDays} days`,
    freeDays: `+${settings.storageFreeDays} days`,
    abandonDays: `+${settings.abandonmentDays} days`,
    today: dayOf(t),
    // A clock ending with day D runs out at the start of D + 1: within 48 h when D + 1 starts before now + 48 h.
    warnLast: addDays(dayOf(t + RETURN_WARNING_HOURS * 3600_000 - 1), -1),
    withinLast: addDays(dayOf(t + (f.expiresWithinHours ?? 0) * 3600_000), -1),
    limit: f.limit,
    offset: f.offset,
  };
  const rows = db.prepare(sql).all(values) as { id: number; total: number }[];
  // Past the last page the window count has no row to ride on: count the whole set once.
  const total = rows[0]?.total ?? (f.offset > 0 ? ((db.prepare(sql).all({ ...values, limit: 1, offset: 0 }) as { total: number }[])[0]?.total ?? 0) : 0);
  return { ids: rows.map((r) => r.id), total };
}
