// The top bar's backup warning: shown to everyone signed in when the station's last good backup is
// older than a day, the folder is out of reach, the last one failed, or none was ever set up. The admin
// panel (BackupPanel.tsx) says what to do.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../useApi';
import { warningText } from './backupWords';

const RECHECK_MS = 60_000;
/** Sent by the admin panel whenever it has fresh news (a backup taken, settings saved), so the top bar follows at once. */
export const BACKUP_STATUS_CHANGED = 'parcel-gate:backup-status';

export function BackupWarning() {
  const { t, i18n } = useTranslation();
  const status = useApiQuery('backup:status', {});
  const { reload } = status;
  useEffect(() => {
    const id = setInterval(reload, RECHECK_MS);
    window.addEventListener(BACKUP_STATUS_CHANGED, reload);
    return () => {
      clearInterval(id);
      window.removeEventListener(BACKUP_STATUS_CHANGED, reload);
    };
  }, [reload]);
  const s = status.data;
  if (!s || !s.warnings.length) return null;
  const now = Date.now();
  return (
    // aria-live without role="status": screens own their status lines, and tests find them by that role.
    <span className="backup-warning" aria-live="polite" title={s.warnings.map((w) => warningText(t, w, s, i18n.language, now)).join('\n')}>
      {t(`backup.short.${s.warnings[0]}`)}
    </span>
  );
}
