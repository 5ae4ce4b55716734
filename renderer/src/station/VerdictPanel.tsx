// The big answer: CLEARED or HOLD in colour, with its reasons. The measured times stay in data
// attributes for tests and benchmarks; inspectors do not need them on screen. When the server was
// lost nothing was stored, so the panel says NO VERDICT (never a colour that could pass for cleared)
// and offers to send the same parcel again.
import { useTranslation } from 'react-i18next';
import type { InspectionResult } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { ErrorText } from '../components/ErrorText';
import { errorText } from '../errors';
import { FindingsList, NotesList } from './FindingsList';

interface Props {
  result: InspectionResult | null;
  inspecting: boolean;
  uiMs: number | null;
  serviceMs: number | null;
  error: ApiError | null;
  /** Nothing of this parcel's inspection was stored (the server was lost). */
  unsent: boolean;
  onSendAgain: () => void;
}

export function VerdictPanel({ result, inspecting, uiMs, serviceMs, error, unsent, onSendAgain }: Props) {
  const { t } = useTranslation();
  const noVerdict = unsent && !result && !inspecting;
  const tone = result ? (result.outcome === 'CLEAR' ? 'clear' : 'hold') : inspecting ? 'working' : noVerdict ? 'unsent' : 'idle';
  return (
    <section role="status" aria-live="polite" aria-label={t('station.verdict')} className={`verdict ${tone}`}>
      {inspecting && <p className="working-text">{t('station.working')}</p>}
      {result && (
        <>
          <p className="verdict-word">{result.outcome === 'CLEAR' ? t('station.cleared') : t('station.hold')}</p>
          <p className="verdict-sub">
            {result.outcome === 'CLEAR' ? t('station.clearedSub') : t('station.holdSub')}
            <span className="timing" hidden data-ui-ms={uiMs ?? ''} data-service-ms={serviceMs ?? result.timingsMs.total} />
          </p>
          <FindingsList findings={result.findings} />
          <NotesList notes={result.notes} />
        </>
      )}
      {noVerdict && (
        <>
          <p className="verdict-word">{t('station.noVerdict')}</p>
          <p className="verdict-sub">{t('station.unsentSub')}</p>
          {error?.code === 'SERVER_LOST' && <p className="error">{errorText(t, error)}</p>}
          <div className="row">
            <button className="primary big" onClick={onSendAgain}>
              {t('station.sendAgain')}
            </button>
            <span className="hint">{t('station.sendAgainHint')}</span>
          </div>
        </>
      )}
      {!(noVerdict && error?.code === 'SERVER_LOST') && <ErrorText error={error} />}
    </section>
  );
}
