// A hold's clocks: a compact line for the queue (the soonest clock and any warning), the full list for the detail.
import { fmtDateTime } from '../words';
import { useTranslation } from 'react-i18next';
import type { HoldClocks as Clocks } from '../../../shared/holds/clocks';

const when = (iso: string) => fmtDateTime(iso);

export function HoldClockWarnings({ clocks }: { clocks: Clocks | null }) {
  const { t } = useTranslation();
  if (!clocks) return null;
  const ret = clocks.clocks.find((c) => c.kind === 'RETURN_WINDOW');
  return (
    <>
      {clocks.proofOverdue && (
        <span className="chip warn" role="status">
          {t('cases.proofOverdue')}
        </span>
      )}
      {clocks.returnWarning && ret && (
        <span className="chip warn" role="status">
          {t('cases.returnWarning', { h: Math.max(0, Math.floor(ret.hoursLeft)) })}
        </span>
      )}
    </>
  );
}

/** The queue's cell: the soonest running clock and its time left, with warnings. */
export function HoldClockCell({ clocks }: { clocks: Clocks | null }) {
  const { t } = useTranslation();
  if (!clocks) return <span className="muted">—</span>;
  return (
    <span className="clocks">
      <HoldClockWarnings clocks={clocks} />
      {clocks.next ? (
        <span title={t('cases.until', { time: when(clocks.next.deadline) })}>
          {t(`cases.${clocks.next.kind}`)}: {t('cases.left', { h: Math.floor(clocks.next.hoursLeft) })}
        </span>
      ) : (
        <span className="muted">{t('cases.passed')}</span>
      )}
    </span>
  );
}

/** The detail's list: every clock with its deadline. */
export function HoldClockList({ clocks }: { clocks: Clocks | null }) {
  const { t } = useTranslation();
  if (!clocks) return null;
  return (
    <section aria-label={t('cases.clocks')}>
      <h2>{t('cases.clocks')}</h2>
      <HoldClockWarnings clocks={clocks} />
      <dl className="facts">
        {clocks.clocks.map((c) => (
          <div key={c.kind}>
            <dt>
              {t(`cases.${c.kind}`)}
              {c.kind === 'RETURN_WINDOW' && <span className="muted"> ({t(clocks.returnFrom === 'delivery' ? 'cases.fromDelivery' : 'cases.fromInspection')})</span>}
            </dt>
            <dd className={c.passed ? 'hold-text' : undefined}>
              {t('cases.until', { time: when(c.deadline) })} · {c.passed ? t('cases.passed') : t('cases.left', { h: Math.floor(c.hoursLeft) })}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
