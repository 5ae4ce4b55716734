// Data and users: import the customer's files (or the demo pack), the hold shelves and their
// barcodes, the users (add, unlock, reset PIN, deactivate), rules and settings, the audit chain.
// What each part shows follows the contract's access rules for the signed-in role.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, Session, UserListRow } from '../../../shared/api';
import type { Locale, Role } from '../../../shared/types';
import type { ApiError } from '../../../shared/result';
import { api } from '../api';
import { BackupPanel } from '../components/BackupPanel';
import { ClockSettingsForm } from '../components/ClockSettingsForm';
import { can, useApiAction, useApiQuery } from '../useApi';
import { ErrorText } from '../components/ErrorText';
import { FileButton } from '../components/FileButton';
import { PrintPage } from '../components/PrintPage';
import { ShelfLabels } from '../components/ShelfLabels';
import { fmtTime } from '../words';

const asInput = async (f?: File) => (f ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : undefined);

function ImportData() {
  const { t } = useTranslation();
  const [files, setFiles] = useState<{ brands?: File; certificates?: File; orders?: File }>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const { run, busy, error } = useApiAction();
  const runImport = async (demo: boolean) => {
    setReport(null);
    const r = demo ? await run('demo:load', {}) : await run('data:import', { brands: await asInput(files.brands), certificates: await asInput(files.certificates), orders: await asInput(files.orders) });
    if (r) setReport(r);
  };
  return (
    <section className="card" aria-label={t('admin.import')}>
      <h2>{t('admin.import')}</h2>
      {(['brands', 'certificates', 'orders'] as const).map((k) => (
        <FileButton key={k} label={t(`admin.${k}`)} accept={k === 'orders' ? '.csv,text/csv' : '.json,application/json'} onFiles={(f) => setFiles({ ...files, [k]: f[0] })} />
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
      </div>
      <ErrorText error={error} details />
    </section>
  );
}

function Shelves({ session }: { session: Session }) {
  const { t } = useTranslation();
  const list = useApiQuery('shelves:list', {});
  const { run, busy, error } = useApiAction();
  const [file, setFile] = useState<File | undefined>();
  const [msg, setMsg] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const importShelves = async () => {
    const input = await asInput(file);
    if (!input) return;
    const r = await run('shelves:import', { file: input });
    if (r) {
      setMsg(t('admin.imported', { file: input.name, ...r }));
      list.reload();
    }
  };
  const shelves = (list.data ?? []).filter((s) => s.active);
  return (
    <section className="card" aria-label={t('admin.shelves')}>
      <h2>{t('admin.shelves')}</h2>
      <p className="muted">{t('admin.shelvesHint')}</p>
      {can(session, 'shelves:import') && (
        <>
          <FileButton label={t('admin.shelvesFile')} accept=".csv,text/csv" onFiles={(f) => setFile(f[0])} />
          <div className="row">
            <button className="primary" disabled={busy || !file} onClick={() => void importShelves()}>
              {t('admin.importButton')}
            </button>
            <button
              disabled={!shelves.length}
              onClick={() => {
                setPrinting(true);
                setTimeout(() => {
                  window.print();
                  setPrinting(false);
                }, 50);
              }}
            >
              {t('admin.printShelves')}
            </button>
          </div>
        </>
      )}
      {msg && <p role="status">{msg}</p>}
      <ErrorText error={error ?? list.error} details />
      <p>{shelves.length ? shelves.map((s) => s.code).join(' · ') : t('admin.noShelves')}</p>
      {printing && (
        <PrintPage kind="a4">
          <ShelfLabels shelves={shelves} />
        </PrintPage>
      )}
    </section>
  );
}

function UserState({ u }: { u: UserListRow }) {
  const { t } = useTranslation();
  if (!u.active) return <span className="chip">{t('admin.inactive')}</span>;
  if (u.lockedUntil) return <span className="chip reason">{t('admin.lockedUntil', { time: fmtTime(u.lockedUntil) })}</span>;
  return <span className="muted">{t('admin.active')}</span>;
}

function Users({ session }: { session: Session }) {
  const { t } = useTranslation();
  const list = useApiQuery('users:all', {});
  const { run, error } = useApiAction();
  const [rows, setRows] = useState<UserListRow[] | null>(null);
  const [pinFor, setPinFor] = useState<number | null>(null);
  const [newPin, setNewPin] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [user, setUser] = useState({ name: '', role: 'inspector' as Role, pin: '', locale: 'zh' as Locale });
  const [addError, setAddError] = useState<ApiError | null>(null);
  const users = rows ?? list.data ?? [];

  const act = async (p: Promise<UserListRow[] | null>, done: string): Promise<boolean> => {
    const r = await p;
    if (r) {
      setRows(r);
      setMsg(done);
    } else setMsg(null);
    return !!r;
  };
  const addUser = async (e: React.FormEvent) => {
    e.preventDefault();
    // A new attempt: the last one's success line goes, so it never stands above a new error.
    setAddError(null);
    setMsg(null);
    const r = await api['users:add'](user);
    if (r.ok) {
      setMsg(t('admin.userAdded', { name: r.value.name, role: t(`roles.${r.value.role}`) }));
      setUser({ name: '', role: 'inspector', pin: '', locale: 'zh' });
      setRows(null);
      list.reload();
    } else setAddError(r.error);
  };

  return (
    <section className="card" aria-label={t('admin.users')}>
      <h2>{t('admin.users')}</h2>
      <table className="grid" aria-label={t('admin.userList')}>
        <thead>
          <tr>
            <th>{t('admin.name')}</th>
            <th>{t('signIn.role')}</th>
            <th>{t('app.language')}</th>
            <th>{t('admin.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{t(`roles.${u.role}`)}</td>
              <td>{u.locale === 'zh' ? '中文' : 'English'}</td>
              <td>
                <UserState u={u} />
              </td>
              <td className="row-actions">
                {u.lockedUntil && can(session, 'users:unlock') && (
                  <button onClick={() => void act(run('users:unlock', { userId: u.id }), t('admin.unlocked', { name: u.name }))} aria-label={`${t('admin.unlock')} ${u.name}`}>
                    {t('admin.unlock')}
                  </button>
                )}
                {can(session, 'users:resetPin') &&
                  (pinFor === u.id ? (
                    <form
                      className="inline-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void act(run('users:resetPin', { userId: u.id, pin: newPin }), t('admin.pinReset', { name: u.name })).then((done) => {
                          if (!done) return;
                          setPinFor(null);
                          setNewPin('');
                        });
                      }}
                    >
                      <input type="password" inputMode="numeric" aria-label={t('admin.newPin')} placeholder={t('admin.newPin')} value={newPin} onChange={(e) => setNewPin(e.target.value)} autoFocus size={8} />
                      <button className="primary" type="submit">
                        {t('common.confirm')}
                      </button>
                      <button type="button" onClick={() => setPinFor(null)}>
                        {t('common.cancel')}
                      </button>
                    </form>
                  ) : (
                    <button onClick={() => setPinFor(u.id)} aria-label={`${t('admin.resetPin')} ${u.name}`}>
                      {t('admin.resetPin')}
                    </button>
                  ))}
                {can(session, 'users:setActive') && u.name !== session.user.name && (
                  <button
                    onClick={() => void act(run('users:setActive', { userId: u.id, active: !u.active }), t(u.active ? 'admin.deactivated' : 'admin.reactivated', { name: u.name }))}
                    aria-label={`${t(u.active ? 'admin.deactivate' : 'admin.reactivate')} ${u.name}`}
                  >
                    {t(u.active ? 'admin.deactivate' : 'admin.reactivate')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {msg && <p role="status">{msg}</p>}
      <ErrorText error={error ?? list.error} />

      {can(session, 'users:setActive') && (
        <form className="add-user" onSubmit={(e) => void addUser(e)} aria-label={t('admin.addUser')}>
          <h3>{t('admin.addUser')}</h3>
          <div className="row">
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
              {t('app.language')}
              <select aria-label={t('admin.userLanguage')} value={user.locale} onChange={(e) => setUser({ ...user, locale: e.target.value as Locale })}>
                <option value="zh">中文</option>
                <option value="en">English</option>
              </select>
            </label>
            <label>
              {t('signIn.pin')}
              <input type="password" inputMode="numeric" value={user.pin} onChange={(e) => setUser({ ...user, pin: e.target.value })} required />
            </label>
          </div>
          <button className="primary" type="submit">
            {t('admin.addUser')}
          </button>
          <ErrorText error={addError} />
        </form>
      )}
    </section>
  );
}

function RulesAndSettings({ session }: { session: Session }) {
  const { t } = useTranslation();
  const settings = useApiQuery('settings:get', {});
  const { run, error } = useApiAction();
  const [fourEyes, setFourEyes] = useState<boolean | null>(null);
  const value = fourEyes ?? settings.data?.fourEyes ?? null;
  return (
    <section className="card" aria-label={t('admin.rulesSettings')}>
      <h2>{t('admin.rulesSettings')}</h2>
      {value !== null && (
        <label className="inline">
          <input
            type="checkbox"
            checked={value}
            disabled={!can(session, 'settings:set')}
            onChange={(e) => void run('settings:set', { fourEyes: e.target.checked }).then((r) => r && setFourEyes(r.fourEyes))}
          />{' '}
          {t('admin.fourEyes')}
        </label>
      )}
      <ErrorText error={error} />
    </section>
  );
}

function AuditChain() {
  const { t } = useTranslation();
  const { run, error } = useApiAction();
  const [text, setText] = useState<string | null>(null);
  const verify = async () => {
    const r = await run('audit:verify', {});
    if (!r) return;
    setText(r.intact ? t('admin.intact', { events: r.events }) : t('admin.broken', { seq: r.firstBroken!.seq, reason: r.firstBroken!.reason }));
  };
  return (
    <section className="card" aria-label={t('admin.audit')}>
      <h2>{t('admin.audit')}</h2>
      <button onClick={() => void verify()}>{t('admin.verify')}</button>
      {text && <p role="status">{text}</p>}
      <ErrorText error={error} />
    </section>
  );
}

export function Admin({ session }: { session: Session }) {
  return (
    <div className="admin">
      {can(session, 'data:import') && <ImportData />}
      <Shelves session={session} />
      {can(session, 'users:all') && <Users session={session} />}
      <RulesAndSettings session={session} />
      <ClockSettingsForm admin={can(session, 'settings:set')} />
      {can(session, 'audit:verify') && <AuditChain />}
      {can(session, 'backup:setSettings') && <BackupPanel session={session} />}
    </div>
  );
}
