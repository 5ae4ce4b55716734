// Disguised brand names: the tricks counterfeiters use to put a registry name on goods while
// dodging an exact match. Latin: a digit or symbol for a letter, Cyrillic/Greek/full-width
// homoglyphs, letters split by dots or spaces, two letters swapped. Chinese: one character swapped
// for a same-sounding or similar-looking one, or 牌/款/同款 added to the name.
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
import confusables from '../../resources/counterfeit/cjk-confusables.json';

/** A word whose OCR-confusable digits count as a deliberate disguise needs this confidence. */
export const DISGUISE_MIN_CONFIDENCE = 80;

const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', І: 'I', Ј: 'J', Ѕ: 'S', Ԁ: 'd',
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ӏ: 'l', ο: 'o',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ν: 'v', ι: 'i', κ: 'k', τ: 't', υ: 'u', ρ: 'p',
  // Latin look-alikes from other blocks
  ı: 'i', ℓ: 'l', Ⅰ: 'I', ⅰ: 'i', Ⅴ: 'V', ⅴ: 'v', Ⅹ: 'X', ⅹ: 'x',
};

/**
 * Cyrillic, Greek and full-width letters to the Latin letters they imitate. `changed` says whether
 * any was found: such a character inside a Latin brand name is a disguise.
 */
export function unHomoglyph(s: string): { text: string; changed: boolean } {
  let changed = false;
  let out = '';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) {
      const half = String.fromCharCode(code - 0xfee0);
      if (/[A-Za-z0-9$@]/.test(half)) changed = true;
      out += half;
    } else if (HOMOGLYPHS[c]) {
      changed = true;
      out += HOMOGLYPHS[c];
    } else out += c;
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

const VARIANTS: Readonly<Record<string, string>> = confusables.variants;
const SUFFIXES: readonly string[] = [...confusables.brandSuffixes].sort((a, b) => b.length - a.length);
const NEAR = new Map<string, Set<string>>();
function link(a: string, b: string) {
  if (a === b || [...a].length !== 1 || [...b].length !== 1) return;
  if (!NEAR.has(a)) NEAR.set(a, new Set());
  if (!NEAR.has(b)) NEAR.set(b, new Set());
  NEAR.get(a)!.add(b);
  NEAR.get(b)!.add(a);
}
for (const group of confusables.homophones) for (const a of group) for (const b of group) link(a, b);
for (const [a, b] of confusables.similar) link(a, b);

/** Traditional forms folded to simplified: the same character, never a disguise (無印良品 is MUJI's own). */
export function foldVariants(s: string): string {
  return [...s].map((c) => VARIANTS[c] ?? c).join('');
}

/** Two characters a counterfeiter swaps for each other: same sound or similar look. */
export function isNearCharacter(a: string, b: string): boolean {
  return NEAR.get(a)?.has(b) ?? false;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

export interface NearNameMatch {
  /** Index in the text (characters) and the text matched. */
  index: number;
  text: string;
  how: 'swap' | 'suffix';
}

/**
 * Near-names of a Chinese brand name in one line of text (spaces removed, variants folded): the name
 * with one character swapped for a near one, or the name (exact or swapped) with 牌/款/同款 added.
 * A two-character name swapped counts only alone or with such a suffix.
 * `plain` lists where the exact name stands alone.
 */
export function findNearNames(text: string, name: string): { near: NearNameMatch[]; plain: number[] } {
  const chars = [...text];
  const target = [...name];
  const near: NearNameMatch[] = [];
  const plain: number[] = [];
  if (target.length < 2) return { near, plain };
  for (let i = 0; i + target.length <= chars.length; i++) {
    let diff = 0;
    let ok = true;
    for (let j = 0; j < target.length && ok; j++) {
      if (chars[i + j] === target[j]) continue;
      diff++;
      if (diff > 1 || !isNearCharacter(chars[i + j], target[j])) ok = false;
    }
    if (!ok) continue;
    const after = chars.slice(i + target.length).join('');
    const suffix = SUFFIXES.find((s) => after.startsWith(s));
    const matched = chars.slice(i, i + target.length).join('') + (suffix ?? '');
    // A two-character name swapped is too often an ordinary word inside longer text (快乐糕点,
    // 代森锰锌): it counts when it stands alone, or with 牌/款/同款 after it.
    const alone = !HAN.test(chars[i - 1] ?? '') && !HAN.test(chars[i + target.length] ?? '');
    if (diff === 1 && (target.length > 2 || suffix || alone)) near.push({ index: i, text: matched, how: 'swap' });
    else if (diff === 0 && suffix) near.push({ index: i, text: matched, how: 'suffix' });
    else if (diff === 0) plain.push(i);
  }
  return { near, plain };
}
