// Data and users: import the customer's files (or the demo pack), add users, verify the audit chain.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, Session } from '../../../shared/api';
import type { Role } from '../../../shared/types';
import { api } from '../api';
import { ClockSettingsForm } from '../components/ClockSettingsForm';

export function Admin({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<{ brands?: File; certificates?: File; orders?: File }>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [audit, setAudit] = useState<string | null>(null);
  const [user, setUser] = useState({ name: '', role: 'inspector' as Role, pin: '' });
  const [userMsg, setUserMsg] = useState<string | null>(null);
  const [fourEyes, setFourEyes] = useState<boolean | null>(null);

  useEffect(() => {
    void api['settings:get']({}).then((r) => r.ok && setFourEyes(r.value.fourEyes));
  }, []);

  const toggleFourEyes = async (on: boolean) => {
    const r = await api['settings:set']({ fourEyes: on });
    if (r.ok) setFourEyes(r.value.fourEyes);
  };

  const asInput = async (f?: File) => (f ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : undefined);

  const runImport = async (demo: boolean) => {
    setBusy(true);
    setErrors([]);
    setReport(null);
    const r = demo
      ? await api['demo:load']({})
      : await api['data:import']({ brands: await asInput(files.brands), certificates: await asInput(files.certificates), orders: await asInput(files.orders) });
    setBusy(false);
    if (r.ok) setReport(r.value);
    else setErrors(r.error.details?.length ? r.error.details : [r.error.message]);
  };

  const verify = async () => {
    const r = await api['audit:verify']({});
    if (!r.ok) setAudit(r.error.message);
    else if (r.value.intact) setAudit(t('admin.intact', { events: r.value.events }));
    else setAudit(t('admin.broken', { seq: r.value.firstBroken!.seq, reason: r.value.firstBroken!.reason }));
  };

  const addUser = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await api['users:add']({ ...user, locale: 'zh' });
    setUserMsg(r.ok ? `${r.value.name} · ${t(`roles.${r.value.role}`)}` : r.error.message);
    if (r.ok) setUser({ name: '', role: 'inspector', pin: '' });
  };

  return (
    <div className="admin">
      <section className="card" aria-label={t('admin.import')}>
        <h2>{t('admin.import')}</h2>
        {(['brands', 'certificates', 'orders'] as const).map((k) => (
          <label key={k}>
            {t(`admin.${k}`)}
            <input type="file" accept={k === 'orders' ? '.csv,text/csv' : '.json,application/json'} onChange={(e) => setFiles({ ...files, [k]: e.target.files?.[0] })} />
          </label>
        ))}
        <div className="row">
          <button className="primary" disabled={busy || !(files.brands || files.certificates || files.orders)} onClick={() => void runImport(false)}>
            {t('admin.importButton')}
          </button>
          <button disabled={busy} onClick={() => void runImport(true)}>
            {t('admin.demo')}
          </button>
        </div>
        <div role="status" aria-live="polite">
          {report?.files.map((f) => (
            <p key={f.file}>{t('admin.imported', { ...f })}</p>
          ))}
          {errors.length > 0 && (
            <ul className="error" role="alert">
              {errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      </section>

      {session.user.role === 'admin' && (
        <form className="card" onSubmit={(e) => void addUser(e)} aria-label={t('admin.addUser')}>
          <h2>{t('admin.users')}</h2>
          <label>
            {t('admin.name')}
            <input value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} required />
          </label>
          <label>
            {t('signIn.role')}
            <select value={user.role} onChange={(e) => setUser({ ...user, role: e.target.value as Role })}>
              {(['inspector', 'supervisor', 'admin'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('signIn.pin')}
            <input type="password" inputMode="numeric" value={user.pin} onChange={(e) => setUser({ ...user, pin: e.target.value })} required />
          </label>
          <button className="primary" type="submit">
            {t('admin.addUser')}
          </button>
          {userMsg && <p role="status">{userMsg}</p>}
        </form>
      )}

      <section className="card" aria-label={t('admin.audit')}>
        <h2>{t('admin.audit')}</h2>
        <button onClick={() => void verify()}>{t('admin.verify')}</button>
        {audit && <p role="status">{audit}</p>}
        {fourEyes !== null && (
          <label className="inline">
            <input type="checkbox" checked={fourEyes} disabled={session.user.role !== 'admin'} onChange={(e) => void toggleFourEyes(e.target.checked)} />{' '}
            {t('admin.fourEyes')}
          </label>
        )}
      </section>
      <ClockSettingsForm admin={session.user.role === 'admin'} />
    </div>
  );
}
