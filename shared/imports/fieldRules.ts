// Rules every imported text field obeys: bounded length, no NUL, control or bidi-override characters,
// and known keys only (a misspelled key is named with the key it probably meant).
import { z } from 'zod';

/** C0 and C1 controls (NUL, tab, line breaks...), DEL, and bidirectional overrides that disguise text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function forbiddenCharIn(s: string): string | null {
  const m = FORBIDDEN_CHARS.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** A required one-line text of at most `max` characters. */
export const safeText = (max: number) =>
  z
    .string({ message: 'must be text' })
    .max(max, `longer than ${max} characters`)
    .superRefine((s, ctx) => {
      const bad = forbiddenCharIn(s);
      if (bad) ctx.addIssue({ code: 'custom', message: `contains a control character (${bad})` });
    })
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, 'must not be empty');

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The known key an unknown one most likely meant, if any is close. */
export function suggestKey(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase().replace(/[_\s-]/g, '');
  const exact = known.find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const near = known.map((k) => ({ k, d: distance(lower, k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return near && near.d <= 2 ? near.k : null;
}
