// After a HOLD (or scanning a held parcel): its shelf, by scanning a shelf barcode or choosing from
// the list (never typed), and the hold tag, printed with one key.
import { useTranslation } from 'react-i18next';
import type { Shelf } from '../../../shared/api';

interface Props {
  trackingNo: string;
  location: string | null;
  shelves: Shelf[];
  onShelf: (code: string) => void;
  onPrint: () => void;
  canPrint: boolean;
  printRef: React.Ref<HTMLButtonElement>;
}

export function HoldActions({ trackingNo, location, shelves, onShelf, onPrint, canPrint, printRef }: Props) {
  const { t } = useTranslation();
  return (
    <section className="hold-actions" aria-label={t('station.shelfSection')}>
      <p className={location ? 'shelf-known' : 'shelf-needed'}>
        {location ? t('station.onShelf', { tracking: trackingNo, location }) : t('station.scanShelf')}
      </p>
      <label>
        {t('station.location')}
        <select aria-label={t('station.location')} value={location ?? ''} onChange={(e) => e.target.value && onShelf(e.target.value)}>
          <option value="">{shelves.length ? t('station.chooseShelf') : t('station.noShelves')}</option>
          {shelves.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code}
              {s.label ? ` · ${s.label}` : ''}
            </option>
          ))}
        </select>
      </label>
      {location && <p role="status">{t('station.locationSaved', { location })}</p>}
      {canPrint && (
        <button ref={printRef} className="primary" onClick={onPrint}>
          {t('station.printTag')} <kbd>F8</kbd>
        </button>
      )}
    </section>
  );
}
