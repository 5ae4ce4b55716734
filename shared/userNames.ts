// User names as the station stores and compares them: NFKC (full-width ａｄｍｉｎ is admin, a full-width
// colon is a colon), no control or format characters (NUL, zero-width, direction marks), and a
// skeleton (look-alike letters folded) so no one can take a name that reads as a reserved name
// (`anonymous`, `system:*`) or as an existing user's.
import { ANONYMOUS_ACTOR, SYSTEM_PREFIX } from './systemIdentities';

// Letters of other scripts drawn like Latin ones, and digits read as letters: a small subset of the
// Unicode confusables table (UTS #39) covering Cyrillic, Greek and the digit look-alikes.
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ё: 'e', ї: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ς: 'c',
  '0': 'o', '1': 'l', '|': 'l', '!': 'l', '5': 's', '$': 's', '@': 'a', ı: 'i',
};

export type UserNameCheck = { ok: true; name: string } | { ok: false; key: 'userNameControl' | 'userNameEmpty'; message: string };

/** The name as stored: NFKC, spaces trimmed and single; refused if it holds a control or format character. */
export function normaliseUserName(raw: string): UserNameCheck {
  const bad = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u.exec(raw);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, key: 'userNameControl', message: `The name holds an invisible or control character (U+${code} at position ${bad.index + 1}): type it again` };
  }
  const name = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (!name) return { ok: false, key: 'userNameEmpty', message: 'The name is empty' };
  return { ok: true, name };
}

/** What a name looks like: NFKC, lower case, marks dropped, look-alikes folded, spaces and dots gone. */
export function nameSkeleton(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of folded) out += CONFUSABLES[ch] ?? ch;
  // "rn" reads as "m"; "vv" as "w".
  return out.replace(/[\s._\-'’]/gu, '').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Why a (normalised) name may not be taken, or null: a reserved name, or one that reads as another user's. */
export function reservedNameReason(name: string, existing: readonly string[]): { key: 'userNameReserved' | 'userNameLookalike'; like: string } | null {
  const s = nameSkeleton(name);
  if (s === nameSkeleton(ANONYMOUS_ACTOR)) return { key: 'userNameReserved', like: ANONYMOUS_ACTOR };
  if (name.toLowerCase().startsWith(SYSTEM_PREFIX) || s.startsWith(nameSkeleton(SYSTEM_PREFIX))) return { key: 'userNameReserved', like: SYSTEM_PREFIX };
  // The very same name (any case) is a duplicate, said as such by the store; a look-alike is caught here.
  const other = existing.find((e) => e.toLowerCase() !== name.toLowerCase() && nameSkeleton(e) === s);
  return other === undefined ? null : { key: 'userNameLookalike', like: other };
}
