// One decision with one reason for several holds. Each hold is decided on its own (hold:decide),
// so four-eyes and every other check apply per parcel; the result of each is shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HoldRow } from '../../../shared/api';
import type { HoldDisposition } from '../../../shared/types';
import type { ApiError } from '../../../shared/result';
import { DispositionChoice } from './DispositionChoice';
import { api } from '../api';
import { errorText } from '../errors';


export function BulkDecision({ holds, onDone }: { holds: HoldRow[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [disposition, setDisposition] = useState<HoldDisposition | null>(null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<{ trackingNo: string; error: ApiError | null }[] | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!disposition) return;
    if ((disposition === 'DESTROY' || disposition === 'RETURN') && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setBusy(true);
    const out: { trackingNo: string; error: ApiError | null }[] = [];
    for (const h of holds) {
      const r = await api['hold:decide']({ holdId: h.holdId, disposition, reason, documents: [] });
      out.push({ trackingNo: h.trackingNo, error: r.ok ? null : r.error });
    }
    setBusy(false);
    setResults(out);
    setReason('');
    setDisposition(null);
    onDone();
  };

  const list = holds.map((h) => h.trackingNo).join(', ');
  return (
    <form className="card bulk" aria-label={t('holds.bulkTitle')} onSubmit={(e) => void submit(e)}>
      <h2>{t('holds.bulkTitle')}</h2>
      <p className="muted">{t('holds.bulkHint', { n: holds.length })}</p>
      <DispositionChoice
        name="bulk-disposition"
        value={disposition}
        onChange={(d) => {
          setDisposition(d);
          setConfirming(false);
        }}
      />
      <label>
        {t('detail.decisionReason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} rows={2} />
      </label>
      {confirming && disposition && (
        <div className="confirm" role="alertdialog" aria-label={t(`holds.bulkConfirm${disposition}`, { n: holds.length, list })}>
          <p>{t(`holds.bulkConfirm${disposition}`, { n: holds.length, list })}</p>
          <button className="danger" type="submit">
            {t('common.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {!confirming && (
        <button className="primary" type="submit" disabled={busy || !disposition || reason.trim().length < 3}>
          {disposition ? t('holds.bulkSign', { n: holds.length, disposition: t(`detail.${disposition}`) }) : t('detail.chooseFirst')}
        </button>
      )}
      {results && (
        <ul className="bulk-results" role="status" aria-label={t('holds.bulkResults')}>
          {results.map((r) => (
            <li key={r.trackingNo} className={r.error ? 'error' : 'clear-text'}>
              <span className="mono">{r.trackingNo}</span>: {r.error ? errorText(t, r.error) : t('holds.bulkDone')}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
