// Errors in the user's language: an ApiError crosses the contract as a code (and maybe a finer key)
// with parameters; the sentence comes from the locale files. The English message is for logs and
// the command line: the Chinese UI never shows it, it falls back to a generic Chinese sentence.
import type { TFunction } from 'i18next';
import i18n from './i18n';
import type { ApiError } from '../../shared/result';
import { fmtTime } from './words';
import { importErrorsIn } from './importErrorText';

/** Parameter values that are themselves words with a locale entry (a field name, a channel). */
function localParams(t: TFunction, params: Record<string, string | number> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = { ...(params ?? {}) };
  if (typeof out.field === 'string' && i18n.exists(`fields.${out.field}`)) out.field = t(`fields.${out.field}`);
  if (typeof out.status === 'string' && i18n.exists(`parcelStatus.${out.status}`)) out.status = t(`parcelStatus.${out.status}`);
  if (typeof out.until === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(out.until)) out.until = fmtTime(out.until);
  return out;
}

/** The sentence for an error: errors.<key>, else errors.<code>, else a generic sentence. */
export function errorText(t: TFunction, e: ApiError): string {
  const params = localParams(t, e.params);
  if (e.key && i18n.exists(`errors.${e.key}`)) return t(`errors.${e.key}`, params);
  if (i18n.exists(`errors.${e.code}`)) return t(`errors.${e.code}`, params);
  return t('errors.generic');
}

/** Row-level details of an import or validation error, in the user's language where they are codes. */
export function errorDetails(t: TFunction, e: ApiError): string[] {
  if (!e.details?.length) return [];
  // Import details name a file, a line and a column; the Chinese UI rebuilds each in Chinese.
  return importErrorsIn(i18n.language, e.details);
}
