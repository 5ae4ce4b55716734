// Whether a station's backups need a person's attention: none yet, the last good one older than a day,
// or the folder out of reach. Pure, so the admin panel, the top bar and the service agree on it.

export const STALE_AFTER_MS = 24 * 3_600_000;

export type BackupWarning = 'not-configured' | 'none-yet' | 'stale' | 'unreachable' | 'last-failed';

export interface BackupHealthInput {
  /** False on a station of a PostgreSQL server: the server is backed up by its owner, not by stations. */
  applicable: boolean;
  /** Whether an admin has chosen a backup folder. */
  configured: boolean;
  /** When the last good (verified) backup was taken, ms since the epoch. */
  lastGoodAt: number | null;
  folderReachable: boolean;
  lastFailed: boolean;
}

/** The warnings to show, most urgent first; empty when all is well (or the station keeps no local data). */
export function backupWarnings(s: BackupHealthInput, now: number): BackupWarning[] {
  if (!s.applicable) return [];
  if (!s.configured) return ['not-configured'];
  const out: BackupWarning[] = [];
  if (!s.folderReachable) out.push('unreachable');
  if (s.lastFailed) out.push('last-failed');
  if (s.lastGoodAt === null) out.push('none-yet');
  else if (now - s.lastGoodAt > STALE_AFTER_MS) out.push('stale');
  return out;
}
