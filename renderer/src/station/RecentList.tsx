// This station's recent parcels, newest first, with today's counts.
import { useTranslation } from 'react-i18next';
import type { RecentInspection } from '../../../shared/api';
import { fmtTime } from '../words';

interface Props {
  recent: { recent: RecentInspection[]; today: { inspected: number; cleared: number; held: number } } | null;
}

export function RecentList({ recent }: Props) {
  const { t } = useTranslation();
  return (
    <section className="recent" aria-label={t('station.recent')}>
      <h2>
        {t('station.recent')}
        {recent && (
          <span className="counts">
            {t('station.today')}: {recent.today.inspected} {t('station.inspected')} · {recent.today.cleared} {t('station.clearedCount')} · {recent.today.held} {t('station.heldCount')}
          </span>
        )}
      </h2>
      <table>
        <thead>
          <tr>
            <th>{t('station.col.time')}</th>
            <th>{t('station.col.tracking')}</th>
            <th>{t('station.col.outcome')}</th>
            <th>{t('station.col.reasons')}</th>
            <th>{t('station.col.shelf')}</th>
          </tr>
        </thead>
        <tbody>
          {recent?.recent.map((r) => (
            <tr key={r.inspectionId} className={r.outcome === 'CLEAR' ? 'clear' : 'hold'}>
              <td>{fmtTime(r.at)}</td>
              <td className="mono">{r.trackingNo ?? '—'}</td>
              <td>{r.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold')}</td>
              <td>{r.reasons.map((c) => t(`reason.${c}`)).join(', ')}</td>
              <td className="mono">{r.location ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
