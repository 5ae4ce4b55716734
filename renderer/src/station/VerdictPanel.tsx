// The big answer: CLEARED or HOLD in colour, with its reasons. The measured times stay in data
// attributes for tests and benchmarks; inspectors do not need them on screen.
import { useTranslation } from 'react-i18next';
import type { InspectionResult } from '../../../shared/api';
import type { ApiError } from '../../../shared/result';
import { ErrorText } from '../components/ErrorText';
import { FindingsList, NotesList } from './FindingsList';

interface Props {
  result: InspectionResult | null;
  inspecting: boolean;
  uiMs: number | null;
  serviceMs: number | null;
  error: ApiError | null;
}

export function VerdictPanel({ result, inspecting, uiMs, serviceMs, error }: Props) {
  const { t } = useTranslation();
  return (
    <section role="status" aria-live="polite" aria-label={t('station.verdict')} className={`verdict ${result ? (result.outcome === 'CLEAR' ? 'clear' : 'hold') : inspecting ? 'working' : 'idle'}`}>
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
      <ErrorText error={error} />
    </section>
  );
}
