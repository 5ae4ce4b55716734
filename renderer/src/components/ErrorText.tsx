// An API error as a sentence in the user's language, with import or validation details below it.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/result';
import { errorText } from '../errors';
import { importErrorsIn } from '../importErrorText';

export function ErrorText({ error, details = false }: { error: ApiError | null; details?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const lines = details ? importErrorsIn(i18n.language, error.details ?? []) : [];
  return (
    <div className="error" role="alert">
      <p>{errorText(t, error)}</p>
      {lines.length > 0 && (
        <ul>
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
