// A verdict's reasons: the reason's name and its sentence in the user's language.
import { useTranslation } from 'react-i18next';
import type { Finding, Note } from '../../../shared/types';
import { findingText } from '../words';

export function FindingsList({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation();
  if (!findings.length) return null;
  return (
    <ul className="reasons" aria-label={t('station.reasons')}>
      {findings.map((f, i) => (
        <li key={i} data-code={f.code}>
          <strong>{t(`reason.${f.code}`)}</strong>
          <p>{findingText(t, f)}</p>
        </li>
      ))}
    </ul>
  );
}

/** Notes: what the inspector should know that does not hold the parcel (a seller confirmed by credit code whose name read differently). */
export function NotesList({ notes }: { notes: Note[] | undefined }) {
  const { t } = useTranslation();
  if (!notes?.length) return null;
  return (
    <ul className="notes" aria-label={t('station.notes')}>
      {notes.map((n, i) => (
        <li key={i} data-code={n.code}>
          <strong>{t(`note.${n.code}`)}</strong>
          <p>{findingText(t, n)}</p>
        </li>
      ))}
    </ul>
  );
}
