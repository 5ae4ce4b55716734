// The queue's "expires soonest" order in SQL, so sorting and paging 100,000 holds is one query. Every
// clock runs out at the end of a warehouse-local day, so it is compared as that day (cheap date
// arithmetic) against day thresholds computed here from `now` by the pure functions; the groups and
// order are those of shared/holds/clocks.ts (the integration tests check this order against
// compareExpiry). Dates are ISO-8601 text on both engines; only the date arithmetic differs.
import { RETURN_WARNING_HOURS, type ClockSettings } from '../../../../shared/holds/clocks';
import { addDays, localDate, WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../../shared/holds/workingDays';
import type { Dialect, Sql } from '../sql';

const NONE = "'9999-12-31'";

/** The date expressions of each engine: a local day from an instant, a day plus some days. */
const DATES: Record<Dialect, { localDay: (instant: string) => string; plusDays: (day: string, days: string) => string; dayBefore: (instant: string) => string; least: string }> = {
  // SQLite's date() takes modifiers as text ('+480 minutes', '+7 days').
  sqlite: {
    localDay: (x) => `date(${x}, @tz)`,
    plusDays: (day, days) => `date(${day}, ${days})`,
    dayBefore: (x) => `date(${x}, @tz, '-1 day')`,
    least: 'min',
  },
  // PostgreSQL: the instant read as UTC, moved to the warehouse's local time, then formatted as a day.
  postgres: {
    localDay: (x) => `to_char((CAST(${x} AS timestamptz) AT TIME ZONE 'UTC') + make_interval(mins => CAST(@tz AS INTEGER)), 'YYYY-MM-DD')`,
    plusDays: (day, days) => `to_char(CAST(${day} AS date) + CAST(${days} AS INTEGER), 'YYYY-MM-DD')`,
    dayBefore: (x) => `to_char((CAST(${x} AS timestamptz) AT TIME ZONE 'UTC') + make_interval(mins => CAST(@tz AS INTEGER)) - interval '1 day', 'YYYY-MM-DD')`,
    least: 'LEAST',
  },
};

function rankSql(dialect: Dialect, withinOnly: boolean, byExpiry: boolean, clause: string): string {
  const d = DATES[dialect];
  const arrival = d.localDay('p.created_at');
  const running = (col: string) => `CASE WHEN ${col} >= @today THEN ${col} ELSE ${NONE} END`;
  return `
    WITH d AS (
      SELECT h.id, h.created_at, h.status,
             ${d.plusDays(`coalesce(o.delivery_date, ${arrival})`, '@returnDays')} AS ret,
             ${d.plusDays(arrival, '@freeDays')} AS free,
             ${d.plusDays(arrival, '@abandonDays')} AS aband,
             ${d.dayBefore('pr.deadline')} AS proof
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
             ${d.least}(${running('ret')}, ${running('free')}, ${running('aband')}, ${running('proof')}) AS next
      FROM d
    )
    SELECT id, count(*) OVER () AS total FROM r
    ${withinOnly ? 'WHERE grp = 0 OR (grp < 3 AND next <= @withinLast)' : ''}
    ORDER BY ${byExpiry ? 'grp, next,' : ''} created_at, id
    LIMIT @limit OFFSET @offset`;
}

export async function rankByExpiry(
  db: Sql,
  clause: string,
  params: Record<string, unknown>,
  settings: ClockSettings,
  now: Date,
  f: { sort?: 'expiry' | 'oldest'; expiresWithinHours?: number; offset: number; limit: number },
): Promise<{ ids: number[]; total: number }> {
  const sql = rankSql(db.dialect, f.expiresWithinHours !== undefined, (f.sort ?? 'expiry') === 'expiry', clause);
  const dayOf = (ms: number) => localDate(new Date(ms));
  const t = now.getTime();
  const sqlite = db.dialect === 'sqlite';
  const values = {
    ...params,
    tz: sqlite ? `+${WAREHOUSE_UTC_OFFSET_MINUTES} minutes` : WAREHOUSE_UTC_OFFSET_MINUTES,
    returnDays: sqlite ? `+${settings.returnWindowDays} days` : settings.returnWindowDays,
    freeDays: sqlite ? `+${settings.storageFreeDays} days` : settings.storageFreeDays,
    abandonDays: sqlite ? `+${settings.abandonmentDays} days` : settings.abandonmentDays,
    today: dayOf(t),
    // A clock ending with day D runs out at the start of D + 1: within 48 h when D + 1 starts before now + 48 h.
    warnLast: addDays(dayOf(t + RETURN_WARNING_HOURS * 3600_000 - 1), -1),
    withinLast: addDays(dayOf(t + (f.expiresWithinHours ?? 0) * 3600_000), -1),
    limit: f.limit,
    offset: f.offset,
  };
  const rows = await db.all<{ id: number; total: number }>(sql, values);
  // Past the last page the window count has no row to ride on: count the whole set once.
  const total = rows[0]?.total ?? (f.offset > 0 ? ((await db.all<{ total: number }>(sql, { ...values, limit: 1, offset: 0 }))[0]?.total ?? 0) : 0);
  return { ids: rows.map((r) => Number(r.id)), total: Number(total) };
}
