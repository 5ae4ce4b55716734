// Disguised brand names: the tricks counterfeiters use to put a registry name on goods while
// dodging an exact match. Latin: a digit or symbol for a letter, Cyrillic/Greek/full-width
// homoglyphs, letters split by dots or spaces, two letters swapped. Chinese: one character swapped
// for a same-sounding (pinyin-pro) or similar-looking (cjk-decomp) one, two characters swapped, or
// 牌/款/同款 added to the name.
//
// OCR can produce some of these from genuine print (0 for O, 1 for I, 5 for S, a word split in
// two), so the rule chosen is:
// - symbols and digits OCR does not confuse with letters ($ @ € 3 4 7) are always a disguise;
// - digits OCR does confuse (0 1 5 8 6 2 | !) are a disguise only in a word read with confidence
//   DISGUISE_MIN_CONFIDENCE or better (a sharp, confident "N1KE" was printed so); below it they are
//   read as the letter, i.e. the brand itself (which still holds wherever the brand is undeclared);
//   and a disguise read where another OCR pass read the genuine name at the same spot is dropped;
// - homoglyphs (Cyrillic, Greek, full-width) are always a disguise: the OCR languages read here
//   (English, Simplified Chinese) do not produce Cyrillic or Greek, and in typed text they are
//   a deliberate choice;
// - letters split inside one printed word (N.I.K.E, B-U-R-B-E-R-R-Y) or spread as single letters
//   or pairs (N I K E, NI KE) are a disguise; one narrow gap (OCR splitting a word) is not, nor a
//   split where the registry's own spelling has one (GOOD SMILE).
import { remove as removeConfusables } from 'confusables';
import variantForms from '../../resources/counterfeit/cjk-variants.json';
import { installedLexicon, type Lexicon } from '../detect/lexicon';
import { nearCharacter } from '../detect/nearCharacters';
import { CJK_CHAR } from './text';

/** A word whose OCR-confusable digits count as a deliberate disguise needs this confidence. */
export const DISGUISE_MIN_CONFIDENCE = 80;

/**
 * Letters from other scripts (Cyrillic, Greek, full-width, mathematical, Roman numerals…) to the Latin
 * letters they imitate, by Unicode's TR39 confusables data (the `confusables` package). `changed`
 * says whether any was found: such a character inside a Latin brand name is a disguise. Chinese
 * characters and punctuation are left alone.
 */
export function unHomoglyph(s: string): { text: string; changed: boolean } {
  let changed = false;
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code < 0x80 || CJK_CHAR.test(c)) {
      out += c;
    } else if (code >= 0xff01 && code <= 0xff5e) {
      const half = String.fromCharCode(code - 0xfee0);
      if (/[A-Za-z0-9$@]/.test(half)) changed = true;
      out += half;
    } else {
      let r = removeConfusables(c);
      // TR39's skeleton writes every I-like letter as "l": an upper-case one (Cyrillic І) stands for I.
      if (r === 'l' && c !== c.toLowerCase()) r = 'I';
      if (r !== c && /^[A-Za-z0-9]+$/.test(r)) {
        changed = true;
        out += r;
      } else out += c;
    }
  }
  return { text: out, changed };
}

/** Symbols and digits standing for letters that OCR never produces from the letter: always deliberate. */
export const CLASSIC_SUBSTITUTES: Readonly<Record<string, string>> = { $: 'S', '@': 'A', '€': 'E', '3': 'E', '4': 'A', '7': 'T' };
/** Digits and marks OCR itself reads for letters (0/O, 1/I, 5/S, 8/B, 6/G, 2/Z, |/I, !/I). */
export const OCR_CONFUSABLE = /[0-9|!]/g;

/** Classic substitutes replaced by their letters (before the usual OCR folding). */
export function replaceClassic(s: string): string {
  return s.replace(/[$@€347]/g, (c) => CLASSIC_SUBSTITUTES[c]);
}

export function countClassic(s: string): number {
  return (s.match(/[$@€347]/g) ?? []).length;
}

export function countConfusableDigits(s: string): number {
  return (s.match(OCR_CONFUSABLE) ?? []).length;
}

/** `read` is `name` with two neighbouring, different letters swapped (NIEK, BUBRERRY). */
export function isSwappedPair(read: string, name: string): boolean {
  if (read.length !== name.length || read === name) return false;
  let i = 0;
  while (i < read.length && read[i] === name[i]) i++;
  return i + 1 < read.length && read[i] === name[i + 1] && read[i + 1] === name[i] && read.slice(i + 2) === name.slice(i + 2);
}

// ---- Chinese near-names -----------------------------------------------------------------

const VARIANTS: Readonly<Record<string, string>> = variantForms.variants;
const SUFFIXES: readonly string[] = [...variantForms.brandSuffixes].sort((a, b) => b.length - a.length);

/** Traditional forms folded to simplified: the same character, never a disguise (無印良品 is MUJI's own). */
export function foldVariants(s: string): string {
  return [...s].map((c) => VARIANTS[c] ?? c).join('');
}

/** Two characters a counterfeiter swaps for each other: same or near sound, or near shape. */
export function isNearCharacter(a: string, b: string, lex: Lexicon | null = installedLexicon()): boolean {
  return nearCharacter(a, b, lex) !== null;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

export interface NearNameMatch {
  /** Index in the text (characters) and the text matched. */
  index: number;
  text: string;
  how: 'sound' | 'shape' | 'swap' | 'suffix';
}

/**
 * Near-names of a Chinese brand name in one line of text (spaces removed, variants folded): the name
 * with one character swapped for a same-sounding or look-alike one, two neighbouring characters of a
 * name of three or more swapped in place, or the name (exact or near) with 牌/款/同款 added. A
 * two-character name changed counts only alone or with such a suffix: inside longer text it is too
 * often an ordinary word. `plain` lists where the exact name stands alone.
 */
export function findNearNames(text: string, name: string, lex: Lexicon | null = installedLexicon()): { near: NearNameMatch[]; plain: number[] } {
  const chars = [...text];
  const target = [...name];
  const near: NearNameMatch[] = [];
  const plain: number[] = [];
  if (target.length < 2) return { near, plain };
  for (let i = 0; i + target.length <= chars.length; i++) {
    const window = chars.slice(i, i + target.length);
    let how: NearNameMatch['how'] | null = null;
    let diff = 0;
    const differing: number[] = [];
    for (let j = 0; j < target.length; j++) if (window[j] !== target[j]) differing.push(j);
    diff = differing.length;
    if (diff === 1) {
      const j = differing[0];
      if (!HAN.test(window[j])) continue;
      const n = nearCharacter(window[j], target[j], lex, target.length <= 2);
      if (!n) continue;
      how = n;
    } else if (diff === 2 && target.length >= 3 && differing[1] === differing[0] + 1) {
      const [a, b] = differing;
      if (window[a] !== target[b] || window[b] !== target[a]) continue;
      how = 'swap';
    } else if (diff !== 0) continue;
    const after = chars.slice(i + target.length).join('');
    const suffix = SUFFIXES.find((s) => after.startsWith(s));
    const matched = window.join('') + (suffix ?? '');
    const alone = !HAN.test(chars[i - 1] ?? '') && !HAN.test(chars[i + target.length] ?? '');
    if (how && (target.length > 2 || suffix || alone)) near.push({ index: i, text: matched, how });
    else if (!how && suffix) near.push({ index: i, text: matched, how: 'suffix' });
    else if (!how) plain.push(i);
  }
  return { near, plain };
}
