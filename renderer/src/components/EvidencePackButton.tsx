// Buttons that save what the service packs: an evidence pack (zip) for one parcel or a filtered set of
// holds, and the open proof requests as CSV for customer service.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Req } from '../../../shared/api';
import { api } from '../api';
import type { ApiError } from '../../../shared/result';
import { downloadBytes, downloadText } from '../download';
import { ErrorText } from './ErrorText';

export function EvidencePackButton({ trackingNos = [], holds, label }: { trackingNos?: string[]; holds?: Req<'evidence:pack'>['holds']; label?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const make = async () => {
    setBusy(true);
    setError(null);
    const r = await api['evidence:pack']({ trackingNos, holds });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    downloadBytes(r.value.name, r.value.zip, 'application/zip');
    setMessage(t('cases.packMade', { n: r.value.files }));
  };
  return (
    <span className="pack-button">
      <button type="button" onClick={() => void make()} disabled={busy}>
        {label ?? t('cases.pack')}
      </button>
      {message && <span role="status"> {message}</span>}
      <ErrorText error={error} />
    </span>
  );
}

export function ProofExportButton() {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const save = async () => {
    const r = await api['proofs:export']({});
    if (!r.ok) return setError(r.error);
    downloadText(`proof-requests-${new Date().toISOString().slice(0, 10)}.csv`, r.value.csv);
  };
  return (
    <span>
      <button type="button" onClick={() => void save()}>
        {t('cases.exportProofs')}
      </button>
      <ErrorText error={error} />
    </span>
  );
}
