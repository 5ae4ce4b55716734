// The words of the backup panel and the top bar warning: a backup's age and each warning, in the
// user's language (a failure's own sentence is taken in the language the service wrote it in).
import type { TFunction } from 'i18next';
import type { BackupWarning } from '../../../shared/backup/backupHealth';
import type { BackupStatus } from '../../../shared/backup/backupStatus';
import { fmtDateTime } from '../words';

/** "3 h ago", "2 days ago" (whole hours under two days, whole days after). */
export function backupAge(t: TFunction, takenAt: string, now: number): string {
  const hours = Math.max(0, Math.floor((now - Date.parse(takenAt)) / 3_600_000));
  return hours < 48 ? t('backup.ageHours', { n: hours }) : t('backup.ageDays', { n: Math.floor(hours / 24) });
}

export function warningText(t: TFunction, w: BackupWarning, s: BackupStatus, lang: string, now: number): string {
  switch (w) {
    case 'not-configured':
      return t('backup.warn.notConfigured');
    case 'none-yet':
      return t('backup.warn.noneYet');
    case 'stale':
      return t('backup.warn.stale', { when: s.lastGood ? fmtDateTime(s.lastGood.takenAt) : '—', age: s.lastGood ? backupAge(t, s.lastGood.takenAt, now) : '—' });
    case 'unreachable':
      return t('backup.warn.unreachable', { folder: s.settings.folder ?? '—' });
    case 'last-failed': {
      const p = s.lastRun?.problems[0];
      return t('backup.warn.lastFailed', { why: p ? (lang.startsWith('zh') ? p.messageZh : p.message) : '—' });
    }
  }
}
