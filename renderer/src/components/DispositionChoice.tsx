// The four decisions on a hold as radio buttons, none chosen until the supervisor chooses; choosing
// again withdraws any confirmation already asked for (the caller's onChange). A decision the service
// would refuse (Release under the four-eyes rule) is disabled up front, with the reason beside it.
import { useTranslation } from 'react-i18next';
import type { HoldDisposition } from '../../../shared/types';

const DISPOSITIONS: HoldDisposition[] = ['RELEASE', 'RETURN', 'DESTROY', 'AWAIT_PROOF'];

interface Props {
  name: string;
  value: HoldDisposition | null;
  onChange: (d: HoldDisposition) => void;
  /** Decisions not offered, each with why (in the user's language). */
  refused?: Partial<Record<HoldDisposition, string>>;
}

export function DispositionChoice({ name, value, onChange, refused = {} }: Props) {
  const { t } = useTranslation();
  return (
    <div>
      <div role="radiogroup" aria-label={t('detail.disposition')} className="row">
        {DISPOSITIONS.map((d) => (
          <label key={d} className={`choice ${value === d ? 'active' : ''} ${refused[d] ? 'disabled' : ''}`}>
            <input type="radio" name={name} value={d} checked={value === d} disabled={!!refused[d]} onChange={() => onChange(d)} />
            {t(`detail.${d}`)}
          </label>
        ))}
      </div>
      {DISPOSITIONS.filter((d) => refused[d]).map((d) => (
        <p key={d} className="refused-why" role="note">
          {refused[d]}
        </p>
      ))}
    </div>
  );
}
