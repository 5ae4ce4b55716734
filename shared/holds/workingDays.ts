// Calendar arithmetic for hold deadlines: local dates of the warehouse, working days that skip
// weekends and listed public holidays, and China's make-up working weekends (调休). Pure: no clock.
import { isIsoDate } from '../dates';
import { WAREHOUSE_UTC_OFFSET_MINUTES } from '../warehouseClock';

// The warehouse's offset lives in warehouseClock.ts; re-exported for the hold clocks that use it here.
export { WAREHOUSE_UTC_OFFSET_MINUTES };

export interface HolidayCalendar {
  /** Dates (YYYY-MM-DD) on which nobody works, though they may fall Monday to Friday. */
  holidays: ReadonlySet<string>;
  /** Weekend dates that are worked instead (调休 make-up days). */
  workdays: ReadonlySet<string>;
}

export const NO_HOLIDAYS: HolidayCalendar = { holidays: new Set(), workdays: new Set() };

const DAY_MS = 86_400_000;

function dateToUtcMs(date: string): number {
  if (!isIsoDate(date)) throw new Error(`not a date YYYY-MM-DD: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds calendar days to a date. */
export function addDays(date: string, days: number): string {
  return utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** The warehouse's local calendar date of an instant. */
export function localDate(at: Date | string, offsetMinutes = WAREHOUSE_UTC_OFFSET_MINUTES): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return utcMsToDate(ms + offsetMinutes * 60_000);
}

/** The instant a local date ends (midnight starting the next day), as an ISO instant in UTC. */
export function endOfLocalDay(date: string, offsetMinutes = WAREHOUSE_UTC_OFFSET_MINUTES): string {
  return new Date(dateToUtcMs(date) + DAY_MS - offsetMinutes * 60_000).toISOString();
}

/** Saturday and Sunday rest unless listed as make-up workdays; listed holidays rest whatever the weekday. */
export function isWorkingDay(date: string, calendar: HolidayCalendar = NO_HOLIDAYS): boolean {
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(dateToUtcMs(date)).getUTCDay();
  if (weekday === 0 || weekday === 6) return calendar.workdays.has(date);
  return true;
}

/**
 * The date `n` working days after `date` (the day itself does not count, as with "answer within
 * 3 working days" of a request). n = 0 gives `date` itself.
 */
export function addWorkingDays(date: string, n: number, calendar: HolidayCalendar = NO_HOLIDAYS): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`working days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  let left = n;
  // A year of holidays cannot stop the loop: at most n working days plus every rest day between.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) left--;
  }
  return d;
}

/** Working days from one date (exclusive) to another (inclusive); negative when `to` is before `from`. */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar = NO_HOLIDAYS): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) n++;
  return sign * n;
}
