// The unfinished-work list in words: each parcel or result that a sign-out or closing the window
// would leave behind, and what is missing for it.
import { useTranslation } from 'react-i18next';
import type { WorkItem } from '../workInProgress';

export function UnfinishedWork({ items }: { items: WorkItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <ul className="unfinished-list">
      {items.map((w, i) => (
        <li key={`${w.kind}-${w.label ?? ''}-${i}`}>
          {w.kind !== 'bulkResults' && <span className="mono">{w.label ?? t('station.noTracking')}</span>} {t(`work.${w.kind}`, { n: w.label ?? '' })}
        </li>
      ))}
    </ul>
  );
}
