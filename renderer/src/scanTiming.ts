// Tells a USB barcode scanner from a person typing: a scanner sends every key within a few
// milliseconds and ends with Enter; a person takes a tenth of a second or more per key.

export type ScanSource = 'scanner' | 'keyboard';

/** Keys arriving faster than this, on average, come from a scanner. */
export const SCANNER_MAX_INTERVAL_MS = 35;

export function classifyKeystrokes(times: readonly number[]): ScanSource {
  if (times.length < 4) return 'keyboard';
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i] - times[i - 1]);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  return median <= SCANNER_MAX_INTERVAL_MS ? 'scanner' : 'keyboard';
}

/** A tracking number as a scanner or a person enters it: trimmed, upper-case, no inner spaces. */
export function normalizeScan(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}
