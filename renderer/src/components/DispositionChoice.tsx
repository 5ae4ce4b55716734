// The four decisions on a hold as radio buttons, none chosen until the supervisor chooses; choosing
// again withdraws any confirmation already asked for (the caller's onChange).
import { useTranslation } from 'react-i18next';
import type { HoldDisposition } from '../../../shared/types';

const DISPOSITIONS: HoldDisposition[] = ['RELEASE', 'RETURN', 'DESTROY', 'AWAIT_PROOF'];

export function DispositionChoice({ name, value, onChange }: { name: string; value: HoldDisposition | null; onChange: (d: HoldDisposition) => void }) {
  const { t } = useTranslation();
  return (
    <div role="radiogroup" aria-label={t('detail.disposition')} className="row">
      {DISPOSITIONS.map((d) => (
        <label key={d} className={`choice ${value === d ? 'active' : ''}`}>
          <input type="radio" name={name} value={d} checked={value === d} onChange={() => onChange(d)} />
          {t(`detail.${d}`)}
        </label>
      ))}
    </div>
  );
}
