// Before a Return or Destroy is signed: whether the seller will be flagged as a counterfeit seller
// (every later parcel from that store is then held), with a checkbox to change it. The default comes
// from the holds' reasons (shared/holds/decisions.ts, the rule the service applies when not told).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { HoldDisposition } from '../../../shared/types';
import { isCounterfeitDecision } from '../../../shared/holds/decisions';

/** What each hold would do without a choice: flagged or not, from its reasons. */
export function flagDefaults(disposition: HoldDisposition, holds: { reasons: readonly string[] }[]): boolean[] {
  return holds.map((h) => isCounterfeitDecision(disposition, h.reasons, undefined));
}

/** The choice's starting value: what the reasons say when they agree; null (each hold by its reasons) when they differ. */
export function defaultFlag(disposition: HoldDisposition, holds: { reasons: readonly string[] }[]): boolean | null {
  const d = flagDefaults(disposition, holds);
  return d.every((x) => x) ? true : d.every((x) => !x) ? false : null;
}

interface Props {
  disposition: HoldDisposition;
  holds: { reasons: readonly string[]; storeName?: string | null }[];
  /** true: flag every seller; false: none; null: each hold as its reasons say. */
  value: boolean | null;
  onChange: (v: boolean) => void;
}

export function SellerFlagChoice({ disposition, holds, value, onChange }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = value === null;
  }, [value]);
  if (disposition !== 'RETURN' && disposition !== 'DESTROY') return null;
  const flagged = value === null ? flagDefaults(disposition, holds).filter(Boolean).length : value ? holds.length : 0;
  const store = holds.length === 1 ? holds[0].storeName : null;
  const consequence =
    flagged === 0
      ? t('flag.none')
      : holds.length === 1
        ? t('flag.one', { store: store ?? t('flag.theSeller') })
        : t('flag.some', { n: flagged, total: holds.length });
  return (
    <div className={`seller-flag ${flagged ? 'will-flag' : ''}`}>
      <label className="check">
        <input ref={box} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {t('flag.label')}
      </label>
      <p role="note" className={flagged ? 'hold-text' : 'muted'}>
        {consequence}
      </p>
    </div>
  );
}
