// Parcels left unfinished (nothing stored while the server was lost, photos without a verdict, a hold
// tag not printed): they stay listed at the top, each with what is missing, until finished (or the
// inspector dismisses it, having set the parcel aside).
import { useTranslation } from 'react-i18next';
import type { RedoParcel } from './stationState';

export function RedoList({ parcels, onPick, onDismiss }: { parcels: RedoParcel[]; onPick: (trackingNo: string) => void; onDismiss: (index: number) => void }) {
  const { t } = useTranslation();
  if (!parcels.length) return null;
  return (
    <section className="redo" aria-label={t('station.redo')} role="alert">
      <strong>{t('station.redo')}</strong> <span>{t('station.redoHint')}</span>
      <ul>
        {parcels.map((p, i) => (
          <li key={`${p.trackingNo ?? '—'}-${i}`}>
            {p.trackingNo ? (
              <button className="mono" onClick={() => onPick(p.trackingNo!)}>
                {p.trackingNo}
              </button>
            ) : (
              <span>{t('station.redoNoTracking', { photos: p.photos })}</span>
            )}{' '}
            <span className="redo-why">{t(`station.unfinishedWhy.${p.why}`)}</span>
            <button aria-label={`${t('station.dismiss')} ${p.trackingNo ?? ''}`.trim()} onClick={() => onDismiss(i)}>
              {t('station.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
