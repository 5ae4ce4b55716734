// Buttons that save what the service packs: an evidence pack (zip) for one parcel or a filtered set of
// holds, and the open proof requests as CSV for customer service.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Req } from '../../../shared/api';
import { api } from '../api';
import { downloadText } from '../download';

function downloadBytes(fileName: string, bytes: Uint8Array, mime: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function EvidencePackButton({ trackingNos = [], holds, label }: { trackingNos?: string[]; holds?: Req<'evidence:pack'>['holds']; label?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const make = async () => {
    setBusy(true);
    setError(null);
    const r = await api['evidence:pack']({ trackingNos, holds });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    downloadBytes(r.value.name, r.value.zip, 'application/zip');
    setMessage(t('cases.packMade', { n: r.value.files }));
  };
  return (
    <span className="pack-button">
      <button type="button" onClick={() => void make()} disabled={busy}>
        {label ?? t('cases.pack')}
      </button>
      {message && <span role="status"> {message}</span>}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

export function ProofExportButton() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const r = await api['proofs:export']({});
    if (!r.ok) return setError(r.error.message);
    downloadText(`proof-requests-${new Date().toISOString().slice(0, 10)}.csv`, r.value.csv);
  };
  return (
    <span>
      <button type="button" onClick={() => void save()}>
        {t('cases.exportProofs')}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
