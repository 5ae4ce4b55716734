// The report's arithmetic, pure: hold rates, and how long holds waited for their decision (median
// and 95th percentile, overall and per disposition). The storage only counts and lists rows.
import type { ReportSummary } from './api';
import type { HoldDisposition } from './types';

/** The nearest-rank quantile (q in 0..1) of the values; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Milliseconds as hours, to two decimals. */
export const hours = (ms: number): number => Math.round((ms / 3600_000) * 100) / 100;

/** Holds per inspection, to three decimals; 0 on a day without inspections. */
export function holdRate(holds: number, inspected: number): number {
  return inspected ? Math.round((holds / inspected) * 1000) / 1000 : 0;
}

/** A hold's first final decision: when the hold was opened and when it was decided (ISO instants). */
export interface DecidedHold {
  disposition: HoldDisposition;
  createdAt: string;
  decidedAt: string;
}

/** Time from hold to decision, per disposition (in the order first met) and overall. */
export function decisionTimes(decided: readonly DecidedHold[]): Pick<ReportSummary, 'decisions' | 'holdToDecision'> {
  const all = decided.map((d) => Date.parse(d.decidedAt) - Date.parse(d.createdAt));
  const byDisposition = new Map<HoldDisposition, number[]>();
  decided.forEach((d, i) => byDisposition.set(d.disposition, [...(byDisposition.get(d.disposition) ?? []), all[i]]));
  return {
    decisions: [...byDisposition].map(([disposition, v]) => ({ disposition, count: v.length, medianHours: hours(quantile(v, 0.5)), p95Hours: hours(quantile(v, 0.95)) })),
    holdToDecision: { decided: all.length, medianHours: hours(quantile(all, 0.5)), p95Hours: hours(quantile(all, 0.95)) },
  };
}
