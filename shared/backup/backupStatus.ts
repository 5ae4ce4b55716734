// What the service tells the admin panel and the top bar about this station's backups.
import type { BackupWarning } from './backupHealth';

export interface BackupSettings {
  /** The folder the admin chose (another disk, a USB drive, a network share); null until chosen. */
  folder: string | null;
  /** Keep the last N good backups (and one a day for 30 days). */
  keepLast: number;
  /** Hours between scheduled backups (one is also taken when the last user signs out). */
  intervalHours: number;
}

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: null, keepLast: 14, intervalHours: 4 };

export interface BackupProblemInfo {
  code: string;
  message: string;
  messageZh: string;
}

export interface BackupStatus {
  /** False on a station of a PostgreSQL server: its owner backs the server up (README). */
  applicable: boolean;
  settings: BackupSettings;
  lastGood: { name: string; takenAt: string; folder: string; events: number; photos: number } | null;
  lastRun: { at: string; ok: boolean; name: string; why: string; problems: BackupProblemInfo[] } | null;
  folderReachable: boolean;
  warnings: BackupWarning[];
  running: boolean;
  /** When the schedule takes the next one (ISO), or null when none is scheduled. */
  nextAt: string | null;
}
