// Previous / next through a long list, with where we are in it.
import { useTranslation } from 'react-i18next';

export function Pager({ offset, pageSize, total, onChange }: { offset: number; pageSize: number; total: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <button disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - pageSize))}>
        {t('holds.prev')}
      </button>
      <span className="muted">
        {total ? offset + 1 : 0}–{Math.min(offset + pageSize, total)} / {total}
      </span>
      <button disabled={offset + pageSize >= total} onClick={() => onChange(offset + pageSize)}>
        {t('holds.next')}
      </button>
    </div>
  );
}
