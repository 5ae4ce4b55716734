// Holds of this station left without a shelf: they stay at the top until each has one.
import { useTranslation } from 'react-i18next';
import type { UnshelvedHold } from './stationState';

export function NeedsShelf({ holds, onPick }: { holds: UnshelvedHold[]; onPick: (trackingNo: string) => void }) {
  const { t } = useTranslation();
  if (!holds.length) return null;
  return (
    <section className="needs-shelf" aria-label={t('station.needsShelf')} role="region">
      <strong>{t('station.needsShelf')}</strong> <span className="muted">{t('station.needsShelfHint')}</span>
      <ul>
        {holds.map((h) => (
          <li key={h.holdId}>
            <button className="mono" onClick={() => onPick(h.trackingNo)}>
              {h.trackingNo}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
