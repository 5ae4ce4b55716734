// Whether a run of Chinese characters is a transliteration of a Latin mark (卢米斯卡 ~ LUMISKA, 古驰 ~
// GUCCI): both reduced to a consonant skeleton, the Chinese side from its pinyin (pinyin-pro), the Latin
// side by the sound changes Mandarin transliteration makes (r→l, v→w, x→ks, clusters broken up).
import { pinyin } from 'pinyin-pro';

/** A consonant class per sound: voiced and voiceless together, r with l, v with w and f. */
function cls(c: string): string {
  if ('bp'.includes(c)) return 'p';
  if ('dt'.includes(c)) return 't';
  if ('gkq'.includes(c)) return 'k';
  if ('lr'.includes(c)) return 'l';
  if ('vwf'.includes(c)) return 'w';
  if ('szcj'.includes(c)) return 's';
  return c;
}

/** Consonant skeleton of a Latin mark: GUCCI → k s (cc → ch), TESSARO → t s l. */
export function latinSkeleton(mark: string): string {
  const s = mark
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/que$/, 'k')
    .replace(/qu/g, 'kw')
    .replace(/th/g, 't')
    .replace(/sh|ch/g, 's')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/h/g, '')
    // A final -e is silent; a final nasal stays (it becomes a syllable's -n).
    .replace(/e$/, '');
  let out = '';
  for (const ch of s) if (!'aeiouy'.includes(ch)) out += cls(ch);
  return out.replace(/(.)\1+/g, '$1');
}

const PARTS = new Map<string, string | null>();

/** A character's share of a skeleton: its initial's class and an -n/-ng ending; 尔 (er) as l. Cached. */
function charPart(c: string): string | null {
  const known = PARTS.get(c);
  if (known !== undefined) return known;
  const sy = pinyin(c, { toneType: 'none' });
  let out: string | null = null;
  if (sy === 'er') out = 'l';
  else {
    const m = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?([a-zü]*)$/.exec(sy);
    if (m && /^[a-zü]+$/.test(sy)) {
      const initial = m[1] ?? '';
      out = '';
      if (initial && !'yh'.includes(initial)) out += initial.length === 2 ? 's' : initial === 'x' ? 's' : cls(initial);
      if (/n$|ng$/.test(m[2]) && m[2] !== 'n') out += 'n';
    }
  }
  PARTS.set(c, out);
  return out;
}

/** Consonant skeleton of a Chinese run from its pinyin (each character's own reading). */
export function chineseSkeleton(run: string): string {
  let out = '';
  for (const c of run) {
    const p = charPart(c);
    if (p === null) return '';
    out += p;
  }
  return out.replace(/(.)\1+/g, '$1');
}

/** The skeleton, and the same with an r or l before a consonant dropped (MARVIQUE → 玛维克, r unsaid). */
export function latinSkeletons(mark: string): Set<string> {
  const base = latinSkeleton(mark);
  const bare = mark.toLowerCase().replace(/[rl](?=[^aeiouyrl])/g, '');
  return new Set([base, latinSkeleton(bare)]);
}

/** Syllables a Latin mark has (vowel groups), to keep a run's length in line with the mark's. */
export function latinSyllables(mark: string): number {
  return (mark.toLowerCase().replace(/e$/, '').match(/[aeiouy]+/g) ?? []).length;
}

/**
 * A run of `chars` Chinese characters renders `mark` when their skeletons agree (at least three
 * consonants) and the run has about one character per syllable, plus one for a broken-up cluster.
 */
export function isTransliteration(run: string, mark: string): boolean {
  const n = [...run].length;
  const syll = latinSyllables(mark);
  if (n < 2 || n < syll || n > syll + 2) return false;
  const zh = chineseSkeleton(run);
  if (zh.length < 3) return false;
  return latinSkeletons(mark).has(zh);
}
