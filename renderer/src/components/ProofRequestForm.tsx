// "Wait for proof" as a recorded request: what is asked of whom; then the documents received
// (photos or PDFs) and a re-inspection with them. Shown in the parcel detail for an undecided hold.
import { fmtDateTime } from '../words';
import { FileButton } from './FileButton';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofRequestRow } from '../../../shared/api';
import { PROOF_ITEMS, type ProofItem } from '../../../shared/holds/proof';
import { api } from '../api';

const when = (iso: string) => fmtDateTime(iso);

export function ProofRequestForm({ holdId, customer, requests, onChange }: { holdId: number; customer: string | null; requests: ProofRequestRow[]; onChange: () => void }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<ProofItem[]>([]);
  const [who, setWho] = useState(customer ?? '');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = requests.find((r) => r.holdId === holdId && r.status !== 'CLOSED');

  const request = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const r = await api['hold:decide']({ holdId, disposition: 'AWAIT_PROOF', reason: note, proof: { asked, customer: who || undefined } });
    if (!r.ok) return setError(r.error.message);
    setNote('');
    onChange();
  };

  const attach = async (files: File[]) => {
    if (!current) return;
    setError(null);
    for (const f of files) {
      const r = await api['proof:attach']({ requestId: current.requestId, bytes: new Uint8Array(await f.arrayBuffer()), name: f.name });
      if (!r.ok) return setError(r.error.message);
    }
    onChange();
  };

  const reinspect = async () => {
    setError(null);
    const r = await api['proof:reinspect']({ holdId });
    if (!r.ok) return setError(r.error.message);
    setMessage(t('cases.reinspected', { outcome: r.value.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold') }));
    onChange();
  };

  return (
    <section className="card" aria-label={t('cases.requests')}>
      <h2>{t('cases.requests')}</h2>
      <ul>
        {requests.map((r) => (
          <li key={r.requestId}>
            <strong>{t(`cases.${r.status}`)}</strong>{' '}
            {t('cases.requestLine', {
              asked: r.asked.map((a) => t(`cases.${a}`)).join('、'),
              customer: r.customer,
              at: when(r.requestedAt),
              by: r.requestedBy,
              deadline: when(r.deadline),
            })}
            {r.documents.length > 0 && <span className="muted"> · {t('cases.received', { n: r.documents.length })}</span>}
          </li>
        ))}
      </ul>
      {current ? (
        <div className="row">
          <FileButton label={t('cases.attach')} accept="image/jpeg,image/png,image/webp,application/pdf" multiple onFiles={(f) => void attach(f)} />
          <button type="button" onClick={() => void reinspect()} disabled={!current.documents.length}>
            {t('cases.reinspect')}
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void request(e)} aria-label={t('cases.askProof')}>
          <fieldset>
            <legend>{t('cases.asked')}</legend>
            {PROOF_ITEMS.map((item) => (
              <label key={item} className="choice">
                <input type="checkbox" checked={asked.includes(item)} onChange={(e) => setAsked(e.target.checked ? [...asked, item] : asked.filter((a) => a !== item))} />
                {t(`cases.${item}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('cases.customer')}
            <input value={who} onChange={(e) => setWho(e.target.value)} maxLength={120} />
          </label>
          <label>
            {t('cases.note')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} minLength={3} required />
          </label>
          <button type="submit" disabled={!asked.length || note.trim().length < 3}>
            {t('cases.sendRequest')}
          </button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
