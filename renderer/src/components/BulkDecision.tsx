// One decision with one reason for several holds. Each hold is decided on its own (hold:decide),
// so four-eyes and every other check apply per parcel; the results go back to the queue, which keeps
// them on screen until dismissed (a refused hold stays selected, with its reason).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HoldRow } from '../../../shared/api';
import type { HoldDisposition } from '../../../shared/types';
import type { ApiError } from '../../../shared/result';
import { DispositionChoice } from './DispositionChoice';
import { SellerFlagChoice, defaultFlag } from './SellerFlagChoice';
import { api } from '../api';

export interface BulkResult {
  holdId: number;
  trackingNo: string;
  disposition: HoldDisposition;
  error: ApiError | null;
}

interface Props {
  holds: HoldRow[];
  /** The four-eyes rule is on: holds this supervisor inspected cannot be released by them. */
  fourEyes: boolean;
  me: string;
  onDone: (results: BulkResult[]) => void;
}

export function BulkDecision({ holds, fourEyes, me, onDone }: Props) {
  const { t } = useTranslation();
  const [disposition, setDisposition] = useState<HoldDisposition | null>(null);
  const [flag, setFlag] = useState<boolean | null>(null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const mine = fourEyes ? holds.filter((h) => h.inspector === me).map((h) => h.trackingNo) : [];
  const refused = mine.length ? { RELEASE: t('holds.fourEyesBulk', { list: mine.join(', ') }) } : {};

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!disposition) return;
    if ((disposition === 'DESTROY' || disposition === 'RETURN') && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setBusy(true);
    const out: BulkResult[] = [];
    for (const h of holds) {
      // An explicit choice is sent as such (and audited); none leaves each hold to its reasons.
      const counterfeit = disposition === 'DESTROY' || disposition === 'RETURN' ? (flag ?? undefined) : undefined;
      const r = await api['hold:decide']({ holdId: h.holdId, disposition, reason, documents: [], counterfeit });
      out.push({ holdId: h.holdId, trackingNo: h.trackingNo, disposition, error: r.ok ? null : r.error });
    }
    setBusy(false);
    setReason('');
    setDisposition(null);
    onDone(out);
  };

  const list = holds.map((h) => h.trackingNo).join(', ');
  return (
    <form className="card bulk" aria-label={t('holds.bulkTitle')} onSubmit={(e) => void submit(e)}>
      <h2>{t('holds.bulkTitle')}</h2>
      <p className="muted">{t('holds.bulkHint', { n: holds.length })}</p>
      <DispositionChoice
        name="bulk-disposition"
        value={disposition}
        refused={refused}
        onChange={(d) => {
          setDisposition(d);
          setFlag(defaultFlag(d, holds));
          setConfirming(false);
        }}
      />
      {disposition && <SellerFlagChoice disposition={disposition} holds={holds} value={flag} onChange={setFlag} />}
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
    </form>
  );
}
