// The queue's "expires soonest" order in SQL: the same deadlines and groups as shared/holds/clocks.ts
// (end of the warehouse's local day, UTC+8), so sorting and paging 100,000 holds is one query. The
// integration tests check this order against the pure compareExpiry.
import { RETURN_WARNING_HOURS, type ClockSettings } from '../../../shared/holds/clocks';
import { WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../shared/holds/workingDays';
import type { Db } from './database';

const ISO = "'%Y-%m-%dT%H:%M:%fZ'";
/** The end of local day `date + days` as a UTC ISO instant. */
const endOfDay = (date: string, days: string) => `strftime(${ISO}, ${date}, '+' || (${days} + 1) || ' days', '-' || @tz || ' minutes')`;
const NONE = "'9999'";

export function rankByExpiry(
  db: Db,
  clause: string,
  params: Record<string, unknown>,
  settings: ClockSettings,
  now: Date,
  f: { sort?: 'expiry' | 'oldest'; expiresWithinHours?: number; offset: number; limit: number },
): { ids: number[]; total: number } {
  const arrival = `date(p.created_at, '+' || @tz || ' minutes')`;
  const sql = `
    WITH d AS (
      SELECT h.id, h.created_at, h.status,
             ${endOfDay(`coalesce(o.delivery_date, ${arrival})`, '@returnDays')} AS ret,
             ${endOfDay(arrival, '@freeDays')} AS free,
             ${endOfDay(arrival, '@abandonDays')} AS aband,
             (SELECT pr.deadline FROM proof_requests pr WHERE pr.hold_id = h.id AND pr.status = 'OPEN') AS proof
      FROM holds h
      JOIN parcels p ON p.id = h.parcel_id
      JOIN inspections i ON i.id = h.inspection_id
      LEFT JOIN orders o ON o.order_no = i.order_no
      ${clause}
    ), r AS (
      SELECT id, created_at,
             CASE WHEN status NOT IN ('OPEN', 'AWAITING_PROOF') THEN 4
                  WHEN proof IS NOT NULL AND proof <= @now THEN 0
                  WHEN ret > @now AND ret < @warnUntil THEN 1
                  WHEN ret > @now OR free > @now OR aband > @now OR coalesce(proof, '') > @now THEN 2
                  ELSE 3 END AS grp,
             min(CASE WHEN ret > @now THEN ret ELSE ${NONE} END, CASE WHEN free > @now THEN free ELSE ${NONE} END,
                 CASE WHEN aband > @now THEN aband ELSE ${NONE} END, CASE WHEN proof > @now THEN proof ELSE ${NONE} END) AS next
      FROM d
    )
    SELECT id, count(*) OVER () AS total FROM r
    ${f.expiresWithinHours !== undefined ? 'WHERE grp = 0 OR (grp < 4 AND next <= @within)' : ''}
    ORDER BY ${(f.sort ?? 'expiry') === 'expiry' ? 'grp, next,' : ''} created_at, id
    LIMIT @limit OFFSET @offset`;
  const at = (ms: number) => new Date(ms).toISOString();
  const values = {
    ...params,
    tz: WAREHOUSE_UTC_OFFSET_MINUTES,
    returnDays: settings.returnWindowDays,
    freeDays: settings.storageFreeDays,
    abandonDays: settings.abandonmentDays,
    now: now.toISOString(),
    warnUntil: at(now.getTime() + RETURN_WARNING_HOURS * 3600_000),
    within: at(now.getTime() + (f.expiresWithinHours ?? 0) * 3600_000),
    limit: f.limit,
    offset: f.offset,
  };
  const rows = db.prepare(sql).all(values) as { id: number; total: number }[];
  // Past the last page the window count has no row to ride on: count the whole set once.
  const total = rows[0]?.total ?? (f.offset > 0 ? (db.prepare(sql).all({ ...values, limit: 1, offset: 0 }) as { total: number }[])[0]?.total ?? 0 : 0);
  return { ids: rows.map((r) => r.id), total };
}
