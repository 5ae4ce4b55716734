// Replaying the rules: which past parcels the current rules and registry would judge differently,
// shipped parcels that would now be held first. Reads only; nothing stored changes.
import { DateField } from '../components/DateField';
import { fmtDateTime } from '../words';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayResult } from '../../../shared/api';
import { api } from '../api';

export function Replay() {
  const { t } = useTranslation();
  const [since, setSince] = useState('');
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api['rules:replay']({ since: since || undefined });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error.message);
  };
  const outcome = (o: string) => (o === 'CLEAR' ? t('station.cleared') : t('station.hold'));
  const reasons = (codes: string[]) => codes.map((c) => t(`reason.${c}`)).join('、') || '—';

  return (
    <div className="replay">
      <h1>{t('cases.replayTitle')}</h1>
      <p className="muted">{t('cases.replayHint')}</p>
      <form className="row" onSubmit={(e) => void run(e)} aria-label={t('cases.replay')}>
        <label>
          {t('cases.since')}
          <DateField value={since} onChange={setSince} />
        </label>
        <button className="primary" type="submit" disabled={busy}>
          {t('cases.run')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <p role="status">{t('cases.replayed', { n: result.replayed, changed: result.changes.length })}</p>
          {result.changes.length === 0 ? (
            <p>{t('cases.none')}</p>
          ) : (
            <table className="grid" aria-label={t('cases.replay')}>
              <thead>
                <tr>
                  <th>{t('station.tracking')}</th>
                  <th>{t('cases.inspectedAt')}</th>
                  <th>{t('cases.was')}</th>
                  <th>{t('cases.now')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {result.changes.map((c) => (
                  <tr key={c.trackingNo} className={c.shippedNowHeld ? 'alarm' : undefined}>
                    <td className="mono">{c.trackingNo}</td>
                    <td>{fmtDateTime(c.inspectedAt)}</td>
                    <td>
                      {outcome(c.old.outcome)}: {reasons(c.old.reasons)}
                    </td>
                    <td className={c.new.outcome === 'HOLD' ? 'hold-text' : 'clear-text'}>
                      {outcome(c.new.outcome)}: {reasons(c.new.reasons)}
                    </td>
                    <td>{c.shippedNowHeld && <strong className="chip warn">{t('cases.shippedNowHeld')}</strong>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
