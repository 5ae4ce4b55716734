// Calendar dates as ISO strings (YYYY-MM-DD), compared as strings; the one zone that counts is the
// warehouse's (warehouseClock.ts).
import { warehouseDate } from './warehouseClock';

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/**
 * The warehouse's calendar date of an instant, as YYYY-MM-DD (never the machine's zone: a station or
 * a CI machine elsewhere sees the same "today").
 */
export function localIsoDate(at: Date): string {
  return warehouseDate(at);
}
