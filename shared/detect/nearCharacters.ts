// Whether two Chinese characters are ones a counterfeiter swaps for each other: the same or a near
// Mandarin sound (pinyin-pro's readings, every reading of a polyphonic character, tones ignored), or a
// near shape (cjk-decomp: the same layout with all parts but one the same, as 博/搏/膊). Data from
// packages, no hand table of pairs.
import { pinyin } from 'pinyin-pro';
import type { Lexicon } from './lexicon';

/** Near sounds fold together: zh/z, ch/c, sh/s, n/l at the start; -ng/-n at the end. */
export function soundKey(syllable: string): string {
  return syllable
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?!g)/, 'l')
    .replace(/ng$/, 'n')
    .replace(/ü|v/g, 'u');
}

const SOUNDS = new Map<string, Set<string>>();

/** Every reading of a character, as sound keys. */
export function soundsOf(char: string): ReadonlySet<string> {
  let s = SOUNDS.get(char);
  if (!s) {
    const readings = /[\u3400-\u9fff]/.test(char) ? pinyin(char, { toneType: 'none', multiple: true, type: 'array' }) : [];
    s = new Set(readings.filter((r) => /^[a-zü]+$/.test(r)).map(soundKey));
    SOUNDS.set(char, s);
  }
  return s;
}

export function sameSound(a: string, b: string): boolean {
  const sa = soundsOf(a);
  for (const k of soundsOf(b)) if (sa.has(k)) return true;
  return false;
}

/**
 * Same layout, same number of parts (two or more), all but one part the same, and (strict) what they share is
 * the heavier part (惜/借 share 昔): two characters sharing only a radical (惜/情 share 忄) look
 * different to a reader.
 */
export function sameShape(a: string, b: string, lex: Lexicon | null, strict = true): boolean {
  if (!lex) return false;
  const da = lex.decompose(a);
  const db = lex.decompose(b);
  if (!da || !db || da.layout !== db.layout || da.parts.length < 2 || da.parts.length !== db.parts.length) return false;
  let differ = 0;
  const shared: string[] = [];
  for (let i = 0; i < da.parts.length; i++) {
    if (da.parts[i] !== db.parts[i]) differ++;
    else shared.push(da.parts[i]);
  }
  const differing = [...da.parts.filter((p) => !db.parts.includes(p)), ...db.parts.filter((p) => !da.parts.includes(p))];
  if (differ !== 1) return false;
  if (!strict) return true;
  return Math.max(...shared.map((p) => size(p, lex))) > Math.max(...differing.map((p) => size(p, lex)));
}

const SIZES = new Map<string, number>();

/** How many smallest pieces a component breaks down into (strokes, roughly): its visual weight. */
function size(part: string, lex: Lexicon, depth = 0): number {
  const known = SIZES.get(part);
  if (known !== undefined) return known;
  const d = lex.decompose(part);
  const n = !d || !d.parts.length || depth > 6 ? 1 : d.parts.reduce((sum, p) => sum + (p === part ? 1 : size(p, lex, depth + 1)), 0);
  SIZES.set(part, n);
  return n;
}

/**
 * How `read` imitates `name`'s character, or null. `strict` (for short names, where one character is
 * half the name) asks that the shared part be the heavier one; in a longer name the unchanged
 * characters around it already say which name is meant, and any shared part counts.
 */
export function nearCharacter(read: string, name: string, lex: Lexicon | null, strict = true): 'sound' | 'shape' | null {
  if (read === name) return null;
  if (sameSound(read, name)) return 'sound';
  if (sameShape(read, name, lex, strict)) return 'shape';
  return null;
}
