// Sign-in: pick or scan your name, enter the PIN. A new database first asks for an administrator.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../shared/api';
import { api } from '../api';
import type { ApiError } from '../../../shared/result';
import { ErrorText } from '../components/ErrorText';
import { UnfinishedWork } from '../components/UnfinishedWork';
import type { SignedOutNote } from '../workInProgress';

const STATION_KEY = 'parcel-gate.station';

export function SignIn({ onSignedIn, signedOut }: { onSignedIn: (s: Session) => void; signedOut?: SignedOutNote | null }) {
  const { t, i18n } = useTranslation();
  const [users, setUsers] = useState<{ id: number; name: string; role: string }[] | null>(null);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [station, setStation] = useState(() => localStorage.getItem(STATION_KEY) ?? 'S1');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void api['users:list']({}).then((r) => setUsers(r.ok ? r.value : []));
  }, []);

  const firstRun = users !== null && users.length === 0;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    localStorage.setItem(STATION_KEY, station);
    if (firstRun) {
      // The first administrator speaks the language chosen on this screen.
      const made = await api['users:add']({ name, role: 'admin', pin, locale: i18n.language === 'en' ? 'en' : 'zh' });
      if (!made.ok) {
        setError(made.error);
        setBusy(false);
        return;
      }
    }
    const r = await api['session:signIn']({ name, pin, station });
    setBusy(false);
    if (r.ok) onSignedIn(r.value);
    else {
      setError(r.error);
      setPin('');
      pinRef.current?.focus();
    }
  };

  return (
    <form className="card signin" onSubmit={(e) => void submit(e)} aria-label={t('signIn.title')}>
      <h1>{firstRun ? t('signIn.firstRun') : t('signIn.title')}</h1>
      {signedOut && (
        <div className="signed-out" role="status" aria-label={t('idle.signedOutTitle')}>
          <p>{t('idle.signedOut', { minutes: signedOut.idleMinutes })}</p>
          {signedOut.left.length > 0 && (
            <>
              <p>{t('idle.listed')}</p>
              <UnfinishedWork items={signedOut.left} />
            </>
          )}
        </div>
      )}
      <label>
        {t('signIn.user')}
        <input
          autoFocus
          list="users"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('signIn.pickUser')}
          autoComplete="off"
          required
        />
        <datalist id="users">
          {(users ?? []).map((u) => (
            <option key={u.id} value={u.name} />
          ))}
        </datalist>
      </label>
      {!firstRun && users && users.length > 0 && (
        <div className="userpick" role="group" aria-label={t('signIn.pickUser')}>
          {users.map((u) => (
            <button
              type="button"
              key={u.id}
              className={u.name === name ? 'chip active' : 'chip'}
              onClick={() => {
                setName(u.name);
                pinRef.current?.focus();
              }}
            >
              {u.name} <small>{t(`roles.${u.role}`)}</small>
            </button>
          ))}
        </div>
      )}
      <label>
        {t('signIn.pin')}
        <input ref={pinRef} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        {t('signIn.station')}
        <input value={station} onChange={(e) => setStation(e.target.value)} required />
      </label>
      <ErrorText error={error} />
      <button className="primary big" type="submit" disabled={busy}>
        {firstRun ? t('signIn.create') : t('signIn.submit')}
      </button>
    </form>
  );
}
