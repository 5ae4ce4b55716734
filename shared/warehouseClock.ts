// The warehouse's clock: its time zone, and the one way to turn an instant into the warehouse's
// calendar date ("today" for the rules, replay, lists and reports) or into a printed time.
// The warehouse is in China: Asia/Shanghai, UTC+8 all year (no daylight saving since 1991), so a
// fixed offset is exact and needs no time-zone data at run time. The station's own zone never
// counts: a station in another zone, or a CI machine in UTC, must see the same "today".
// No setting chooses the zone today; a warehouse elsewhere would change these two constants.

/** The IANA name of the warehouse's time zone (for people and documents). */
export const WAREHOUSE_TIME_ZONE = 'Asia/Shanghai';

/** The warehouse's offset from UTC in minutes. */
export const WAREHOUSE_UTC_OFFSET_MINUTES = 8 * 60;

const MINUTE_MS = 60_000;

function msOf(at: Date | string): number {
  return typeof at === 'string' ? Date.parse(at) : at.getTime();
}

/** The warehouse's calendar date of an instant, YYYY-MM-DD. */
export function warehouseDate(at: Date | string): string {
  return new Date(msOf(at) + WAREHOUSE_UTC_OFFSET_MINUTES * MINUTE_MS).toISOString().slice(0, 10);
}

/** The instant a warehouse date begins (its local midnight), as an ISO instant in UTC. */
export function warehouseDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - WAREHOUSE_UTC_OFFSET_MINUTES * MINUTE_MS).toISOString();
}

/** An instant as the warehouse's wall-clock time for print, "YYYY-MM-DD HH:mm (UTC+8)". */
export function warehouseTime(at: Date | string): string {
  const local = new Date(msOf(at) + WAREHOUSE_UTC_OFFSET_MINUTES * MINUTE_MS).toISOString();
  return `${local.slice(0, 16).replace('T', ' ')} (UTC+${WAREHOUSE_UTC_OFFSET_MINUTES / 60})`;
}
