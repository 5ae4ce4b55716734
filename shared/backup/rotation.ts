// Which backups to keep: the last N good ones and the newest good one of each day for a month. Pure
// (the caller passes the list and `now`), so every rule of it is a line of a table test.

export interface RotationPolicy {
  /** The newest good backups kept whatever their age (at least 1). */
  keepLast: number;
  /** Days back for which the newest good backup of each day is kept. */
  dailyDays: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { keepLast: 14, dailyDays: 30 };

export interface BackupEntry {
  name: string;
  /** When it was taken (ms since the epoch). */
  takenAt: number;
  /** Written and verified; a failed or unverified backup never counts towards what is kept. */
  good: boolean;
}

const DAY_MS = 86_400_000;

/** The warehouse day of an instant (UTC+8, as the rest of the warehouse's clocks), YYYY-MM-DD. */
export function warehouseDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Splits the backups into kept and removed. A failed backup newer than the newest good one stays (the
 * admin must see what failed); older failed ones go. The newest good backup is never removed.
 */
export function planRotation(backups: readonly BackupEntry[], now: number, policy: RotationPolicy = DEFAULT_ROTATION): { keep: string[]; remove: string[] } {
  const keepLast = Math.max(1, Math.floor(policy.keepLast));
  const newestFirst = [...backups].sort((a, b) => b.takenAt - a.takenAt || b.name.localeCompare(a.name));
  const good = newestFirst.filter((b) => b.good);
  const kept = new Set(good.slice(0, keepLast).map((b) => b.name));
  const oldestDaily = now - policy.dailyDays * DAY_MS;
  const daysSeen = new Set<string>();
  for (const b of good) {
    if (b.takenAt < oldestDaily) continue;
    const day = warehouseDay(b.takenAt);
    if (daysSeen.has(day)) continue;
    daysSeen.add(day);
    kept.add(b.name);
  }
  const newestGood = good[0]?.takenAt ?? -Infinity;
  for (const b of newestFirst) if (!b.good && b.takenAt > newestGood) kept.add(b.name);
  return {
    keep: newestFirst.filter((b) => kept.has(b.name)).map((b) => b.name),
    remove: newestFirst.filter((b) => !kept.has(b.name)).map((b) => b.name),
  };
}
