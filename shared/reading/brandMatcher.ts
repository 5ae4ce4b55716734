// Finds registry brands in what a photo showed: marks and Chinese names in the text (exact,
// OCR-tolerant, or look-alike) and GS1 company prefixes in product barcodes.
import type { BarcodeRead, Box, Brand, BrandHit, LookalikeMark, WordRead } from '../types';
import { CJK_CHAR, cleanLine, editDistance, foldConfusions } from './text';
import {
  countClassic,
  countConfusableDigits,
  DISGUISE_MIN_CONFIDENCE,
  findNearNames,
  foldVariants,
  isSwappedPair,
  replaceClassic,
  unHomoglyph,
} from './disguisedNames';
import { installedLexicon, type Lexicon } from '../detect/lexicon';
import { chineseSkeleton, latinSkeletons, latinSyllables } from '../detect/transliteration';

/**
 * A mark's skeleton for comparing: case and width folded, OCR's letter confusions (0/O, 1/l/I, 5/S,
 * 8/B, rn/m, vv/w, cl/d) folded into one class each. Homoglyphs are undone before (unHomoglyph).
 */
export function markSkeleton(s: string): string {
  return foldConfusions(s.replace(/cl/gi, 'D'));
}

/** Letter groups OCR reads for one letter (rn for m, vv for w, cl for d): deliberate when printed so. */
function countShapeSplits(s: string): number {
  return (s.match(/rn|vv|cl/gi) ?? []).length;
}

/** A read cut short counts as the start of a mark this long or longer, read with this confidence or better. */
export const TRUNCATED_MIN_LENGTH = 7;
export const TRUNCATED_MIN_CONFIDENCE = 85;
/** …and keeping at least this share of the mark's letters (and five letters). */
export const TRUNCATED_MIN_SHARE = 0.7;

interface LatinAlias {
  brandId: string;
  brandName: string;
  alias: string;
  tokens: number;
  folded: string;
  /** The skeleton of each of its words (per-word spelling distance). */
  parts: string[];
  /** Consonant skeletons for transliteration (single-word marks of four letters or more). */
  translit: Set<string> | null;
  syllables: number;
  /** Where the registry's own spellings of this name break between words (GOOD|SMILE). */
  natural: Set<number>;
  /** A known clone mark of the brand, not the brand's own name. */
  clone?: { source: string | null };
}

interface CjkAlias {
  brandId: string;
  brandName: string;
  alias: string;
  clone?: { source: string | null };
}

interface Token {
  folded: string;
  /** Folded after classic substitutes ($ @ € 3 4 7) became their letters. */
  dfolded: string;
  raw: string;
  box: Box;
  confidence: number;
  /** Letters in the raw token: a look-alike must be a word, not a number. */
  letters: number;
  /** Which OCR word it came from: pieces of one printed word split by dots or dashes share it. */
  word: number;
  /** A Cyrillic, Greek or full-width letter stood in it. */
  homoglyph: boolean;
}

/** Names shorter than this match only exactly (after OCR folding); look-alikes need this many. */
export const LOOKALIKE_MIN_LENGTH = 5;

export function unionBox(boxes: Box[]): Box | null {
  if (!boxes.length) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function boxOverlap(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const smaller = Math.min(a.w * a.h, b.w * b.h);
  return smaller > 0 ? inter / smaller : 0;
}

/** GTIN-13 form of a retail code (UPC-A and UPC-E gain their leading zero), or null. */
export function toGtin(b: BarcodeRead): string | null {
  const t = b.text.trim();
  if (b.format === 'EAN_13' && /^\d{13}$/.test(t)) return t;
  if (b.format === 'UPC_A' && /^\d{12}$/.test(t)) return `0${t}`;
  if (b.format === 'UPC_E' && /^\d{8}$/.test(t)) return `0${expandUpcE(t)}`;
  if (b.format === 'EAN_8' && /^\d{8}$/.test(t)) return t;
  return null;
}

export function expandUpcE(upce: string): string {
  const ns = upce[0];
  const d = upce.slice(1, 7);
  const check = upce[7];
  const last = d[5];
  let body: string;
  if ('012'.includes(last)) body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
  else if (last === '3') body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
  else if (last === '4') body = `${d.slice(0, 4)}00000${d[4]}`;
  else body = `${d.slice(0, 5)}0000${last}`;
  return `${ns}${body}${check}`;
}

export class BrandMatcher {
  private readonly latin: LatinAlias[] = [];
  private readonly cjk: CjkAlias[] = [];
  private readonly prefixes: { brandId: string; brandName: string; prefix: string }[] = [];

  private readonly lex: Lexicon | null;

  constructor(brands: readonly Brand[], lex: Lexicon | null = installedLexicon()) {
    this.lex = lex;
    for (const b of brands) {
      const names = new Set([b.name, ...b.aliases].map((n) => n.trim()).filter(Boolean));
      for (const alias of names) this.addName(b, alias);
      // A plain string is accepted too (as brands.json allows), whoever built the Brand.
      for (const l of (b.lookalikes ?? []) as (LookalikeMark | string)[]) {
        if (typeof l === 'string') this.addName(b, l.trim(), { source: null });
        else this.addName(b, l.mark.trim(), { source: l.source ?? null });
      }
      for (const p of b.gs1Prefixes) this.prefixes.push({ brandId: b.id, brandName: b.name, prefix: p });
    }
    // Word breaks of every spelling of the same name count as the name's own (GOOD SMILE COMPANY → GOOD|SMILE).
    for (const a of this.latin) {
      for (const o of this.latin) {
        if (o.brandId !== a.brandId || !!o.clone !== !!a.clone) continue;
        if (!o.folded.startsWith(a.folded) && !a.folded.startsWith(o.folded)) continue;
        const parts = o.alias.split(/[^A-Za-z0-9]+/).filter(Boolean).map((p) => markSkeleton(p).length);
        let at = 0;
        for (const n of parts.slice(0, -1)) a.natural.add((at += n));
      }
    }
    // Longer prefixes first: the most specific company wins.
    this.prefixes.sort((a, c) => c.prefix.length - a.prefix.length);
  }

  private addName(b: Brand, name: string, clone?: { source: string | null }): void {
    if (!name) return;
    if (CJK_CHAR.test(name)) {
      this.cjk.push({ brandId: b.id, brandName: b.name, alias: foldVariants(cleanLine(name).replace(/\s+/g, '')), clone });
      return;
    }
    const parts = unHomoglyph(name).text.split(/[^A-Za-z0-9]+/).filter(Boolean);
    const folded = markSkeleton(parts.join(''));
    if (folded.length < 2) return;
    if (this.latin.some((l) => l.brandId === b.id && l.folded === folded && l.tokens === parts.length && !!l.clone === !!clone)) return;
    const letters = parts.join('');
    const translit = !clone && parts.length === 1 && /^[A-Za-z]{4,}$/.test(letters) ? latinSkeletons(letters) : null;
    this.latin.push({
      brandId: b.id,
      brandName: b.name,
      alias: name,
      tokens: parts.length,
      folded,
      parts: parts.map(markSkeleton),
      translit,
      syllables: latinSyllables(letters),
      natural: new Set(),
      clone,
    });
  }

  /** Brand marks and names in OCR words (grouped into lines by `word.line`). */
  matchWords(words: readonly WordRead[], photoId: string): BrandHit[] {
    const lines = new Map<number, WordRead[]>();
    for (const w of words) {
      const l = lines.get(w.line) ?? [];
      l.push(w);
      lines.set(w.line, l);
    }
    const hits: BrandHit[] = [];
    for (const lineWords of lines.values()) {
      lineWords.sort((a, b) => a.box.x - b.box.x);
      hits.push(...this.matchLatinLine(lineWords, photoId));
      hits.push(...this.matchCjkLine(lineWords, photoId));
    }
    return dedupeHits(hits);
  }

  private matchLatinLine(lineWords: WordRead[], photoId: string): BrandHit[] {
    const tokens: Token[] = [];
    lineWords.forEach((w, wordIndex) => {
      // A price ($99, €20) is not a letter S or E.
      const { text, changed } = unHomoglyph(w.text.replace(/[$€](?=\d)/g, ' '));
      // "$" and "@" stand for letters inside a word; an e-mail address keeps "@" as its separator.
      const separators = /\S+@\S+\.\S+/.test(text) ? /[^A-Za-z0-9|!$€]+/ : /[^A-Za-z0-9|!$@€]+/;
      for (const raw of text.split(separators).filter(Boolean)) {
        const folded = markSkeleton(raw);
        const dfolded = markSkeleton(replaceClassic(raw));
        if (!dfolded) continue;
        tokens.push({ folded, dfolded, raw, box: w.box, confidence: w.confidence, letters: (raw.match(/[A-Za-z]/g) ?? []).length, word: wordIndex, homoglyph: changed });
      }
    });
    const hits: BrandHit[] = [];
    const lineHeight = Math.max(1, ...lineWords.map((w) => w.box.h));
    for (const a of this.latin) {
      // Windows of the alias's own token count; one more where OCR split a word in two; and up to
      // one piece per letter for a name spelled out with dots or spaces.
      const maxSize = Math.min(tokens.length, Math.max(a.tokens + 1, a.folded.length));
      for (let size = a.tokens; size <= maxSize; size++) {
        for (let i = 0; i + size <= tokens.length; i++) {
          const win = tokens.slice(i, i + size);
          const joined = win.map((t) => t.folded).join('');
          const djoined = win.map((t) => t.dfolded).join('');
          if (size > a.tokens && joined !== a.folded && djoined !== a.folded && !isTruncatedRead(djoined, a.folded)) continue;
          const raw = win.map((t) => t.raw).join(' ');
          const box = unionBox(win.map((t) => t.box));
          const confidence = Math.min(...win.map((t) => t.confidence));
          const letters = win.reduce((n, t) => n + t.letters, 0);
          const how = this.judgeWindow(a, win, size, joined, djoined, confidence, letters, lineHeight);
          if (!how) continue;
          if (how === 'alias') {
            hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'alias', matched: a.alias, evidence: raw, photoId, box, confidence });
          } else {
            hits.push({
              brandId: a.brandId,
              brandName: a.brandName,
              kind: 'lookalike',
              matched: a.alias,
              evidence: raw,
              photoId,
              box,
              confidence,
              how,
              ...(a.clone ? { source: a.clone.source } : {}),
            });
          }
        }
      }
    }
    return hits;
  }

  /** What a window of tokens is for a name: the name itself, a look-alike of it (and how), or nothing. */
  private judgeWindow(
    a: LatinAlias,
    win: Token[],
    size: number,
    joined: string,
    djoined: string,
    confidence: number,
    letters: number,
    lineHeight: number,
  ): 'alias' | 'clone' | 'disguise' | 'spelling' | 'truncated' | null {
    const same = joined === a.folded || djoined === a.folded;
    let spacedOut = false;
    if (size > a.tokens) {
      // Where the pieces break, against the name's own word breaks.
      const breaks: number[] = [];
      let at = 0;
      for (const t of win.slice(0, -1)) breaks.push((at += t.dfolded.length));
      const ownBreaks = breaks.every((b) => a.natural.has(b));
      const oneWord = win.every((t) => t.word === win[0].word);
      if (oneWord) spacedOut = !ownBreaks;
      else if (size === a.tokens + 1 && tightlySpaced(win, lineHeight)) spacedOut = false;
      // Spread over words: a disguise when a piece is a letter or two (N I K E, GUC CI); two longer
      // words that happen to spell a name together (GOODS MILE) are ordinary text.
      else if (!ownBreaks && win.some((t) => t.dfolded.length <= 2)) spacedOut = true;
      else return null;
    }
    const rawAll = win.map((t) => t.raw).join('');
    const disguised = () =>
      spacedOut ||
      win.some((t) => t.homoglyph) ||
      countClassic(rawAll) > countClassic(a.alias) ||
      ((countConfusableDigits(rawAll) > countConfusableDigits(a.alias) || countShapeSplits(rawAll) > countShapeSplits(a.alias)) && confidence >= DISGUISE_MIN_CONFIDENCE);
    if (same) {
      if (letters < 2) return null;
      if (a.clone) return 'clone';
      return disguised() || isSwappedPair(plainLetters(rawAll), plainLetters(a.alias)) ? 'disguise' : 'alias';
    }
    if (a.clone) return null;
    // Another registry brand's own name is not a look-alike of this one. (Ordinary words are: the
    // ordinary-use judge weighs them with the dictionary and the parcel's context.)
    if (this.latin.some((o) => o.brandId !== a.brandId && !o.clone && (o.folded === joined || o.folded === djoined))) return null;
    // OCR stopped early on a long mark: the start of it, spelled out or disguised, or plainly read
    // with a confident word.
    if (isTruncatedRead(djoined, a.folded) && letters >= 5 && (size > a.tokens ? spacedOut || disguised() : confidence >= TRUNCATED_MIN_CONFIDENCE || disguised())) {
      if (size === a.tokens || spacedOut) return 'truncated';
    }
    if (size !== a.tokens) return null;
    if (a.folded.length >= 4 && letters >= a.folded.length - 1 && (isSwappedPair(joined, a.folded) || isSwappedPair(djoined, a.folded))) return 'disguise';
    if (a.folded.length >= LOOKALIKE_MIN_LENGTH && letters >= a.folded.length - 1) {
      // Also on the letters as printed, before OCR folding (MARNIQUE: rn folded to m hides the change).
      if (a.tokens === 1 && (isLookalikeSpelling(joined, a.folded) || isLookalikeSpelling(djoined, a.folded) || isLookalikeSpelling(plainLetters(rawAll), plainLetters(a.alias)))) return 'spelling';
      if (isLookalikeByWords(win.map((t) => t.dfolded), a.parts) || isLookalikeByWords(win.map((t) => t.folded), a.parts)) return 'spelling';
    }
    return null;
  }

  private matchCjkLine(lineWords: WordRead[], photoId: string): BrandHit[] {
    const text = foldVariants(cleanLine(lineWords.map((w) => w.text).join(' ')).replace(/\s+/g, ''));
    const hits: BrandHit[] = [];
    const placeOf = (matched: string) => {
      const chars = new Set(matched);
      const words = lineWords.filter((w) => [...foldVariants(w.text)].some((c) => chars.has(c)));
      return { box: unionBox(words.map((w) => w.box)), confidence: words.length ? Math.min(...words.map((w) => w.confidence)) : 0 };
    };
    for (const a of this.cjk) {
      if (a.clone) {
        if (!text.includes(a.alias)) continue;
        hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'lookalike', matched: a.alias, evidence: a.alias, photoId, ...placeOf(a.alias), how: 'clone', source: a.clone.source });
        continue;
      }
      const { near, plain } = findNearNames(text, a.alias, this.lex);
      // A form the registry itself lists (海尔牌) is the brand, not a near-name.
      const own = near.filter((n) => this.cjk.some((o) => o.brandId === a.brandId && !o.clone && text.slice(n.index).startsWith(o.alias) && o.alias.length >= n.text.length));
      if (plain.length || own.length) {
        hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'alias', matched: a.alias, evidence: a.alias, photoId, ...placeOf(a.alias) });
      }
      for (const n of near) {
        if (own.includes(n)) continue;
        const how = n.how === 'suffix' ? 'near-name' : n.how;
        hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'lookalike', matched: a.alias, evidence: n.text, photoId, ...placeOf(n.text), how });
      }
    }
    hits.push(...this.matchTransliterations(text, hits, placeOf, photoId));
    return hits;
  }

  /**
   * Chinese runs that render a Latin mark by sound (卢米斯卡 ~ LUMISKA). A run that is a dictionary
   * word is ordinary text unless the dictionary names the mark itself (古驰: "Gucci"); a run that is a
   * registry brand's own Chinese name is that brand.
   */
  private matchTransliterations(
    text: string,
    found: readonly BrandHit[],
    placeOf: (matched: string) => { box: Box | null; confidence: number },
    photoId: string,
  ): BrandHit[] {
    const lex = this.lex;
    if (!lex) return [];
    const hits: BrandHit[] = [];
    const marks = this.latin.filter((a) => a.translit && a.folded.length >= 4);
    if (!marks.length) return hits;
    for (const m of text.matchAll(/[\u4e00-\u9fff]{2,}/g)) {
      const run = [...m[0]];
      for (let len = 2; len <= Math.min(7, run.length); len++) {
        for (let i = 0; i + len <= run.length; i++) {
          const piece = run.slice(i, i + len).join('');
          if (this.cjk.some((c) => !c.clone && piece.includes(c.alias)) || found.some((h) => h.evidence.includes(piece))) continue;
          const skeleton = chineseSkeleton(piece);
          if (skeleton.length < 3) continue;
          if (!marks.some((a) => a.translit!.has(skeleton))) continue;
          // Two characters render a mark only standing as a word of their own, not inside a longer run (代森锰锌).
          if (len === 2 && run.length > 2) continue;
          // Part of a longer dictionary word of the run (斯尼乐 in 迪斯尼乐园, 代森 in 代森锰锌) is not a rendering.
          if (crossesWord(run, i, len, lex)) continue;
          for (const a of marks) {
            if (!a.translit!.has(skeleton) || len < a.syllables || len > a.syllables + 2) continue;
            const entry = lex.chinese(piece);
            const letters = a.alias.replace(/[^A-Za-z]/g, '').toLowerCase();
            if (entry && !entry.glosses.some((g) => g.toLowerCase().includes(letters))) continue;
            hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'lookalike', matched: a.alias, evidence: piece, photoId, ...placeOf(piece), how: 'transliteration' });
          }
        }
      }
    }
    return hits;
  }

  /** GS1 company prefixes of EAN/UPC codes. */
  matchBarcodes(barcodes: readonly BarcodeRead[], photoId: string): BrandHit[] {
    const hits: BrandHit[] = [];
    for (const b of barcodes) {
      const gtin = toGtin(b);
      if (!gtin) continue;
      const p = this.prefixes.find((x) => gtin.startsWith(x.prefix));
      if (p) {
        hits.push({ brandId: p.brandId, brandName: p.brandName, kind: 'gs1', matched: p.prefix, evidence: b.text, photoId, box: b.box, confidence: 100 });
      }
    }
    return hits;
  }
}

/**
 * A counterfeiter's spelling: one letter changed, added, or dropped inside the name. A letter
 * missing at either end is not counted: that is OCR losing the edge of a mark ("BURBERR"), and
 * flagging it would hold genuine goods.
 */
export function isLookalikeSpelling(read: string, name: string): boolean {
  // A short mark keeps its first letter: PUCCI and TYSON are other names, not GUCCI and DYSON. Its last
  // letter changed still counts (NIKA, CHANEI): a counterfeit cleared costs more than a word held, and a
  // dictionary word so spelled goes to the ordinary-use judge, which weighs the parcel's context.
  if (name.length < SHORT_MARK && read[0] !== name[0]) return false;
  if (read.length === name.length || read.length === name.length + 1) return editDistance(read, name, 1) === 1;
  if (read.length === name.length - 1) {
    if (read === name.slice(1) || read === name.slice(0, -1)) return false;
    return editDistance(read, name, 1) === 1;
  }
  return false;
}

/** Whether a dictionary word of two or more characters overlaps run[i, i+len) without lying inside it. */
function crossesWord(run: readonly string[], i: number, len: number, lex: Lexicon): boolean {
  for (let s = 0; s < run.length; s++) {
    for (let e = s + 2; e <= Math.min(run.length, s + 8); e++) {
      const overlaps = s < i + len && e > i;
      const inside = s >= i && e <= i + len;
      if (overlaps && !inside && lex.chinese(run.slice(s, e).join(''))) return true;
    }
  }
  return false;
}

/** Marks shorter than this must keep their first letter to have a look-alike spelling. */
export const SHORT_MARK = 7;

/** Edits a word of this many letters may carry and still be the mark: one from four letters, two from nine. */
export function allowedEdits(length: number): number {
  return length >= 9 ? 2 : length >= 4 ? 1 : 0;
}

/**
 * A multi-word mark (or a long single word) with its words each within their allowed edits and at
 * least one changed: one letter changed in one word of a two-word mark, a digit in the second word.
 * A letter lost at either end of the whole read is OCR losing the edge, not a spelling.
 */
export function isLookalikeByWords(read: readonly string[], parts: readonly string[]): boolean {
  if (read.length !== parts.length) return false;
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    const d = editDistance(read[i], parts[i], 2);
    if (d > allowedEdits(parts[i].length)) return false;
    total += d;
  }
  if (total === 0) return false;
  const joined = read.join('');
  const name = parts.join('');
  if (name.length < SHORT_MARK && (joined[0] !== name[0] || joined[joined.length - 1] !== name[name.length - 1])) return false;
  return !(joined === name.slice(1) || joined === name.slice(0, -1));
}

/** The start of a long mark, as OCR gives it when it stops early: at least 70% of it and five letters. */
export function isTruncatedRead(read: string, name: string): boolean {
  return name.length >= TRUNCATED_MIN_LENGTH && read.length < name.length && read.length >= Math.max(5, Math.ceil(name.length * TRUNCATED_MIN_SHARE)) && name.startsWith(read);
}

/** The letters and digits of a name, upper case, homoglyphs undone: for comparing spellings before OCR folding. */
function plainLetters(s: string): string {
  return unHomoglyph(s).text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Pieces of one word that OCR split: the gaps between them are narrow against the letters' height. */
function tightlySpaced(win: Token[], lineHeight: number): boolean {
  for (let i = 1; i < win.length; i++) {
    const gap = win[i].box.x - (win[i - 1].box.x + win[i - 1].box.w);
    if (gap > lineHeight * 0.35) return false;
  }
  return true;
}

/**
 * One hit per brand, kind and place. A misspelling or disguise read where the same mark was also
 * read exactly (another pass, the same spot) is an OCR slip, not a counterfeit mark, and is dropped.
 * A known clone mark or a Chinese near-name is the opposite: it contains the brand's name (Supreme
 * Italia, 耐克同款), so the exact read inside it is dropped instead.
 */
export function dedupeHits(hits: BrandHit[]): BrandHit[] {
  const out: BrandHit[] = [];
  const overlaps = (a: BrandHit, b: BrandHit) => a.brandId === b.brandId && a.photoId === b.photoId && !!a.box && !!b.box && boxOverlap(a.box, b.box) > 0.3;
  const strong = hits.filter((h) => h.kind === 'lookalike' && (h.how === 'clone' || h.how === 'near-name'));
  const exact = hits.filter((h) => h.kind !== 'lookalike' && !(h.kind === 'alias' && strong.some((s) => overlaps(s, h))));
  for (const h of hits) {
    if (h.kind === 'alias' && !exact.includes(h)) continue;
    if (h.kind === 'lookalike' && h.how !== 'clone' && h.how !== 'near-name' && exact.some((e) => overlaps(e, h))) continue;
    const same = out.findIndex(
      (o) => o.brandId === h.brandId && o.kind === h.kind && o.photoId === h.photoId && (!o.box || !h.box || boxOverlap(o.box, h.box) > 0.3),
    );
    if (same < 0) out.push(h);
    // The whole mark read at a place says more than its start read there (Q.U.O.R.V.E.L over Q.U.O.R.V.E).
    else if (out[same].how === 'truncated' && h.how !== 'truncated') out[same] = h;
    else if (h.confidence > out[same].confidence && !(h.how === 'truncated' && out[same].how !== 'truncated')) out[same] = h;
  }
  return out;
}
