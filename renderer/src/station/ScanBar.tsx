// The scan field (it keeps the focus: every scan and station key lands here) with the key hints,
// uncontrolled so a scanner's keys cost no re-render of the station (its timing tells scan from typing),
// the notice of the moment (unknown parcel, why a key did nothing) and the text reader's start-up.
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from './stationState';

interface Props {
  onKeyDown: (e: React.KeyboardEvent<HTMLInputElement>) => void;
  warning: Notice | null;
  notice: Notice | null;
  ocr: { state: string; workers: number; engine?: string | null } | null;
}

export const ScanBar = forwardRef<HTMLInputElement, Props>(function ScanBar({ onKeyDown, warning, notice, ocr }, ref) {
  const { t } = useTranslation();
  return (
    <section className="scanbar">
      <label htmlFor="scan" className="scan-label">
        {t('station.scanLabel')}
      </label>
      <input
        id="scan"
        ref={ref}
        className="scan-input"
        aria-label="Tracking number"
        aria-describedby="scan-hint"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        onKeyDown={onKeyDown}
      />
      <p id="scan-hint" className="hint">
        {t('station.scanHint')} — {t('station.keys')}
      </p>
      {warning && (
        <p className={`notice ${warning.tone}`} role="alert">
          {t(warning.key, warning.params)}
        </p>
      )}
      {notice && (
        <p className={`notice ${notice.tone}`} role="alert">
          {t(notice.key, notice.params)}
        </p>
      )}
      {ocr && ocr.state !== 'ready' && (
        <p className="hint" role="progressbar" aria-label={t('station.ocrStartingLabel')}>
          {ocr.state === 'failed' ? t('station.ocrFailed') : t('station.ocrStarting', { started: ocr.state === 'starting' ? '…' : 0, total: ocr.workers })}
        </p>
      )}
      {ocr?.state === 'ready' && ocr.engine === 'tesseract' && (
        <p className="hint" role="status">
          {t('station.ocrFallback')}
        </p>
      )}
    </section>
  );
});
