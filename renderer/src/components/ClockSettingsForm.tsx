// Admin settings of the hold clocks (days) and the holiday list that working-day deadlines skip.
import { FileButton } from './FileButton';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockSettings } from '../../../shared/holds/clocks';
import { api } from '../api';

const KEYS: (keyof ClockSettings)[] = ['returnWindowDays', 'proofWorkingDays', 'storageFreeDays', 'abandonmentDays'];

export function ClockSettingsForm({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const [clocks, setClocks] = useState<ClockSettings | null>(null);
  const [holidays, setHolidays] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api['settings:get']({}).then((r) => {
      if (!r.ok) return;
      setClocks(r.value.clocks);
      setHolidays(r.value.holidays);
    });
  }, []);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!clocks) return;
    setError(null);
    const r = await api['settings:set']({ clocks });
    if (r.ok) {
      setClocks(r.value.clocks);
      setMessage(t('cases.saved'));
    } else setError(r.error.message);
  };

  const importHolidays = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    const r = await api['holidays:import']({ file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
    if (!r.ok) return setError(r.error.message);
    setMessage(t('cases.holidaysImported', r.value));
    const s = await api['settings:get']({});
    if (s.ok) setHolidays(s.value.holidays);
  };

  if (!clocks) return null;
  return (
    <form className="card" onSubmit={(e) => void save(e)} aria-label={t('cases.settings')}>
      <h2>{t('cases.settings')}</h2>
      <div className="row">
        {KEYS.map((k) => (
          <label key={k}>
            {t(`cases.${k}`)}
            <input type="number" min={0} value={clocks[k]} disabled={!admin} onChange={(e) => setClocks({ ...clocks, [k]: Number(e.target.value) })} style={{ width: '6em' }} />
          </label>
        ))}
        <button type="submit" disabled={!admin}>
          {t('cases.save')}
        </button>
      </div>
      <p className="muted">{t('cases.holidays', { n: holidays })}</p>
      <FileButton label={t('cases.importHolidays')} accept=".csv,text/csv" disabled={!admin} onFiles={(f) => void importHolidays(f[0])} />
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
