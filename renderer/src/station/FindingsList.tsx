// A verdict's reasons: the reason's name and its sentence in the user's language.
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/types';

export function FindingsList({ findings }: { findings: Finding[] }) {
  const { t, i18n } = useTranslation();
  if (!findings.length) return null;
  return (
    <ul className="reasons" aria-label={t('station.reasons')}>
      {findings.map((f, i) => (
        <li key={i} data-code={f.code}>
          <strong>{t(`reason.${f.code}`)}</strong>
          <p>{i18n.language === 'zh' ? f.messageZh : f.message}</p>
        </li>
      ))}
    </ul>
  );
}
