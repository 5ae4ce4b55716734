// The admin screen's backups: the last good backup (when, how old, where), what is wrong in the user's
// language, a button to back up now, and the folder and schedule settings. Restore is on the command
// line (README): it replaces the database the running app has open.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api';
import { can, useApiAction, useApiQuery } from '../useApi';
import { fmtDateTime } from '../words';
import { ErrorText } from './ErrorText';
import { backupAge, warningText } from './backupWords';
import { BACKUP_STATUS_CHANGED } from './BackupWarning';

export function BackupPanel({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const status = useApiQuery('backup:status', {});
  const { run, busy, error } = useApiAction();
  const [form, setForm] = useState<{ folder: string; keepLast: number; intervalHours: number } | null>(null);
  // Kept as a key, not a sentence: it follows a change of language.
  const [msg, setMsg] = useState<{ key: string; name?: string } | null>(null);
  const s = status.data;
  useEffect(() => {
    if (s) window.dispatchEvent(new Event(BACKUP_STATUS_CHANGED));
  }, [s]);
  const admin = can(session, 'backup:run');
  const now = Date.now();
  const values = form ?? (s ? { folder: s.settings.folder ?? '', keepLast: s.settings.keepLast, intervalHours: s.settings.intervalHours } : null);

  const backUpNow = async () => {
    setMsg(null);
    const r = await run('backup:run', {});
    if (!r) return;
    status.reload();
    setMsg({ key: r.lastRun?.ok ? 'backup.done' : 'backup.failed', name: r.lastRun?.name ?? '—' });
  };
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!values) return;
    setMsg(null);
    const r = await run('backup:setSettings', { folder: values.folder.trim() || null, keepLast: values.keepLast, intervalHours: values.intervalHours });
    if (r) {
      setForm(null);
      status.reload();
      setMsg({ key: 'backup.saved' });
    }
  };

  return (
    <section className="card" aria-label={t('backup.title')}>
      <h2>{t('backup.title')}</h2>
      {s && !s.applicable && <p className="muted">{t('backup.serverStation')}</p>}
      {s?.applicable && (
        <>
          <dl className="facts">
            <dt>{t('backup.lastGood')}</dt>
            <dd>{s.lastGood ? t('backup.lastGoodValue', { when: fmtDateTime(s.lastGood.takenAt), age: backupAge(t, s.lastGood.takenAt, now) }) : t('backup.never')}</dd>
            <dt>{t('backup.place')}</dt>
            <dd className="mono">{s.lastGood ? `${s.lastGood.folder} · ${s.lastGood.name}` : (s.settings.folder ?? '—')}</dd>
            {s.lastGood && (
              <>
                <dt>{t('backup.contents')}</dt>
                <dd>{t('backup.contentsValue', { events: s.lastGood.events, photos: s.lastGood.photos })}</dd>
              </>
            )}
            <dt>{t('backup.next')}</dt>
            <dd>{s.nextAt ? fmtDateTime(s.nextAt) : '—'}</dd>
          </dl>
          {/* Not role="alert": the admin screen's own errors are its alerts; this list stays until the cause goes. */}
          {s.warnings.length > 0 && (
            <ul className="backup-warnings" aria-live="polite">
              {s.warnings.map((w) => (
                <li key={w}>{warningText(t, w, s, i18n.language, now)}</li>
              ))}
            </ul>
          )}
          {s.lastRun && !s.lastRun.ok && s.lastRun.problems.length > 1 && (
            <ul className="muted">
              {s.lastRun.problems.slice(1, 6).map((p, i) => (
                <li key={i}>{i18n.language.startsWith('zh') ? p.messageZh : p.message}</li>
              ))}
            </ul>
          )}
          {admin && (
            <div className="row">
              <button className="primary" disabled={busy || !s.settings.folder} onClick={() => void backUpNow()}>
                {busy ? t('backup.running') : t('backup.now')}
              </button>
            </div>
          )}
          {admin && values && (
            <form onSubmit={(e) => void save(e)} aria-label={t('backup.settings')}>
              <h3>{t('backup.settings')}</h3>
              <div className="row">
                <label>
                  {t('backup.folder')}
                  <input value={values.folder} placeholder={t('backup.folderHint')} onChange={(e) => setForm({ ...values, folder: e.target.value })} size={40} />
                </label>
                <label>
                  {t('backup.keepLast')}
                  <input type="number" min={1} max={365} value={values.keepLast} onChange={(e) => setForm({ ...values, keepLast: Number(e.target.value) })} />
                </label>
                <label>
                  {t('backup.interval')}
                  <input type="number" min={1} max={168} value={values.intervalHours} onChange={(e) => setForm({ ...values, intervalHours: Number(e.target.value) })} />
                </label>
              </div>
              <p className="hint">{t('backup.rotationHint')}</p>
              <button type="submit" disabled={busy}>
                {t('backup.save')}
              </button>
            </form>
          )}
        </>
      )}
      {msg && <p role="status">{t(msg.key, { name: msg.name })}</p>}
      <ErrorText error={error ?? status.error} />
    </section>
  );
}
