// The clocks on a hold: the seller's return window, the customer's proof deadline, free storage and
// abandonment. Pure: the caller passes the facts and `now`; the queue, the detail, the reports and the
// evidence pack all take their deadlines from here.
import { addDays, addWorkingDays, endOfLocalDay, localDate, NO_HOLIDAYS, WAREHOUSE_UTC_OFFSET_MINUTES, type HolidayCalendar } from './workingDays';

export interface ClockSettings {
  /** A seller takes a return without reason within 7 days of delivery (PRC Consumer Rights Protection Law, Art. 25). */
  returnWindowDays: number;
  /** Working days the customer has to send the proof asked for. */
  proofWorkingDays: number;
  /** Days a held parcel is stored free from its arrival (first inspection). */
  storageFreeDays: number;
  /** Days after arrival at which an undecided parcel counts as abandoned. */
  abandonmentDays: number;
}

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = { returnWindowDays: 7, proofWorkingDays: 3, storageFreeDays: 14, abandonmentDays: 90 };

/** Limits a setting must respect (also the contract's validation). */
export const CLOCK_LIMITS: Record<keyof ClockSettings, { min: number; max: number }> = {
  returnWindowDays: { min: 1, max: 60 },
  proofWorkingDays: { min: 1, max: 30 },
  storageFreeDays: { min: 0, max: 365 },
  abandonmentDays: { min: 1, max: 730 },
};

/** Return options that close within this many hours come first in the queue, with a warning. */
export const RETURN_WARNING_HOURS = 48;

export type ClockKind = 'RETURN_WINDOW' | 'PROOF' | 'STORAGE_FREE' | 'ABANDONMENT';

export interface HoldClock {
  kind: ClockKind;
  /** ISO instant (UTC) the clock runs out. */
  deadline: string;
  /** Hours left, rounded down to a tenth; negative once passed. */
  hoursLeft: number;
  passed: boolean;
}

export interface HoldClockFacts {
  /** The order's delivery date (YYYY-MM-DD) where the orders file gives one. */
  deliveryDate: string | null;
  /** When the parcel was first inspected: its arrival, as far as the warehouse knows. */
  firstInspectedAt: string;
  /** The deadline of the open proof request, if proof was asked for and not yet received. */
  proofDeadline: string | null;
}

export interface HoldClocks {
  clocks: HoldClock[];
  /** Where the return window is counted from. */
  returnFrom: 'delivery' | 'inspection';
  /** The soonest clock still running, or null when every one has run out. */
  next: HoldClock | null;
  /** The seller's return option closes within 48 hours. */
  returnWarning: boolean;
  /** Proof was asked for, none arrived and the deadline has passed: the hold goes back to the top. */
  proofOverdue: boolean;
}

export function clocksOf(facts: HoldClockFacts, settings: ClockSettings, now: Date, offsetMinutes = WAREHOUSE_UTC_OFFSET_MINUTES): HoldClocks {
  const arrival = localDate(facts.firstInspectedAt, offsetMinutes);
  const returnBase = facts.deliveryDate ?? arrival;
  const clock = (kind: ClockKind, deadline: string): HoldClock => {
    const ms = Date.parse(deadline) - now.getTime();
    return { kind, deadline, hoursLeft: Math.floor(ms / 360_000) / 10, passed: ms <= 0 };
  };
  const clocks: HoldClock[] = [clock('RETURN_WINDOW', endOfLocalDay(addDays(returnBase, settings.returnWindowDays), offsetMinutes))];
  if (facts.proofDeadline) clocks.push(clock('PROOF', facts.proofDeadline));
  clocks.push(clock('STORAGE_FREE', endOfLocalDay(addDays(arrival, settings.storageFreeDays), offsetMinutes)));
  clocks.push(clock('ABANDONMENT', endOfLocalDay(addDays(arrival, settings.abandonmentDays), offsetMinutes)));
  const running = clocks.filter((c) => !c.passed).sort((a, b) => a.deadline.localeCompare(b.deadline));
  const ret = clocks[0];
  const proof = clocks.find((c) => c.kind === 'PROOF');
  return {
    clocks,
    returnFrom: facts.deliveryDate ? 'delivery' : 'inspection',
    next: running[0] ?? null,
    returnWarning: !ret.passed && ret.hoursLeft < RETURN_WARNING_HOURS,
    proofOverdue: !!proof?.passed,
  };
}

/**
 * Queue order "expires soonest": overdue proof requests first, then return options closing within
 * 48 hours, then by the soonest running clock; holds whose clocks have all run out last. Ties: oldest hold first.
 */
export function expiryRank(c: HoldClocks | null): [number, string] {
  if (!c) return [4, '']; // decided: no clock runs
  const group = c.proofOverdue ? 0 : c.returnWarning ? 1 : c.next ? 2 : 3;
  return [group, c.next?.deadline ?? ''];
}

export function compareExpiry(a: HoldClocks | null, b: HoldClocks | null): number {
  const [ga, da] = expiryRank(a);
  const [gb, db] = expiryRank(b);
  return ga - gb || da.localeCompare(db);
}

/** The deadline of a proof request made at `requestedAt`: the end of the n-th working day after that day. */
export function proofDeadline(requestedAt: Date | string, workingDays: number, calendar: HolidayCalendar = NO_HOLIDAYS, offsetMinutes = WAREHOUSE_UTC_OFFSET_MINUTES): string {
  return endOfLocalDay(addWorkingDays(localDate(requestedAt, offsetMinutes), workingDays, calendar), offsetMinutes);
}

/** The clocks that had run out when a hold was decided (for the reports' "decided late" count). */
export function passedWhenDecided(facts: HoldClockFacts, settings: ClockSettings, decidedAt: string): ClockKind[] {
  return clocksOf(facts, settings, new Date(decidedAt))
    .clocks.filter((c) => c.passed)
    .map((c) => c.kind);
}

/** Validates settings given in part; returns the whole set or what is wrong. */
export function mergeClockSettings(base: ClockSettings, change: Partial<ClockSettings>): { ok: true; value: ClockSettings } | { ok: false; error: string } {
  const value = { ...base, ...change };
  for (const [k, lim] of Object.entries(CLOCK_LIMITS) as [keyof ClockSettings, { min: number; max: number }][]) {
    const v = value[k];
    if (!Number.isInteger(v) || v < lim.min || v > lim.max) return { ok: false, error: `${k} must be a whole number from ${lim.min} to ${lim.max} (got ${v})` };
  }
  if (value.abandonmentDays <= value.storageFreeDays) return { ok: false, error: `abandonmentDays (${value.abandonmentDays}) must be more than storageFreeDays (${value.storageFreeDays})` };
  return { ok: true, value };
}
