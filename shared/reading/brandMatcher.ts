// Finds registry brands in what a photo showed: marks and Chinese names in the text (exact,
// OCR-tolerant, or look-alike) and GS1 company prefixes in product barcodes.
import type { BarcodeRead, Box, Brand, BrandHit, WordRead } from '../types';
import { CJK_CHAR, cleanLine, editDistance, foldConfusions } from './text';

interface LatinAlias {
  brandId: string;
  brandName: string;
  alias: string;
  tokens: number;
  folded: string;
}

interface CjkAlias {
  brandId: string;
  brandName: string;
  alias: string;
}

interface Token {
  folded: string;
  raw: string;
  box: Box;
  confidence: number;
  /** Letters in the raw token: a look-alike must be a word, not a number. */
  letters: number;
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

  constructor(brands: readonly Brand[]) {
    for (const b of brands) {
      const names = new Set([b.name, ...b.aliases].map((n) => n.trim()).filter(Boolean));
      for (const alias of names) {
        if (CJK_CHAR.test(alias)) {
          this.cjk.push({ brandId: b.id, brandName: b.name, alias: cleanLine(alias).replace(/\s+/g, '') });
        } else {
          const parts = alias.split(/[^A-Za-z0-9]+/).filter(Boolean);
          const folded = foldConfusions(parts.join(''));
          if (folded.length >= 2 && !this.latin.some((l) => l.brandId === b.id && l.folded === folded && l.tokens === parts.length)) {
            this.latin.push({ brandId: b.id, brandName: b.name, alias, tokens: parts.length, folded });
          }
        }
      }
      for (const p of b.gs1Prefixes) this.prefixes.push({ brandId: b.id, brandName: b.name, prefix: p });
    }
    // Longer prefixes first: the most specific company wins.
    this.prefixes.sort((a, c) => c.prefix.length - a.prefix.length);
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
    for (const w of lineWords) {
      const parts = w.text.split(/[^A-Za-z0-9|!]+/).filter(Boolean);
      for (const raw of parts) {
        const folded = foldConfusions(raw);
        if (folded) tokens.push({ folded, raw, box: w.box, confidence: w.confidence, letters: (raw.match(/[A-Za-z]/g) ?? []).length });
      }
    }
    const hits: BrandHit[] = [];
    const lineHeight = Math.max(1, ...lineWords.map((w) => w.box.h));
    for (const a of this.latin) {
      // Windows of the alias's own token count, and one more where OCR split a word in two.
      for (const size of [a.tokens, a.tokens + 1]) {
        for (let i = 0; i + size <= tokens.length; i++) {
          const win = tokens.slice(i, i + size);
          if (size > a.tokens && !tightlySpaced(win, lineHeight)) continue;
          const joined = win.map((t) => t.folded).join('');
          const raw = win.map((t) => t.raw).join(' ');
          const box = unionBox(win.map((t) => t.box));
          const confidence = Math.min(...win.map((t) => t.confidence));
          if (joined === a.folded) {
            hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'alias', matched: a.alias, evidence: raw, photoId, box, confidence });
          } else if (
            size === a.tokens &&
            a.folded.length >= LOOKALIKE_MIN_LENGTH &&
            win.reduce((n, t) => n + t.letters, 0) >= a.folded.length - 1 &&
            isLookalikeSpelling(joined, a.folded)
          ) {
            hits.push({ brandId: a.brandId, brandName: a.brandName, kind: 'lookalike', matched: a.alias, evidence: raw, photoId, box, confidence });
          }
        }
      }
    }
    return hits;
  }

  private matchCjkLine(lineWords: WordRead[], photoId: string): BrandHit[] {
    const text = cleanLine(lineWords.map((w) => w.text).join(' ')).replace(/\s+/g, '');
    const hits: BrandHit[] = [];
    for (const a of this.cjk) {
      if (!text.includes(a.alias)) continue;
      const chars = new Set(a.alias);
      const words = lineWords.filter((w) => [...w.text].some((c) => chars.has(c)));
      hits.push({
        brandId: a.brandId,
        brandName: a.brandName,
        kind: 'alias',
        matched: a.alias,
        evidence: a.alias,
        photoId,
        box: unionBox(words.map((w) => w.box)),
        confidence: words.length ? Math.min(...words.map((w) => w.confidence)) : 0,
      });
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
  if (read.length === name.length || read.length === name.length + 1) return editDistance(read, name, 1) === 1;
  if (read.length === name.length - 1) {
    if (read === name.slice(1) || read === name.slice(0, -1)) return false;
    return editDistance(read, name, 1) === 1;
  }
  return false;
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
 * One hit per brand, kind and place. A look-alike read where the same mark was also read exactly
 * (another pass, the same spot) is an OCR slip, not a counterfeit mark, and is dropped.
 */
export function dedupeHits(hits: BrandHit[]): BrandHit[] {
  const out: BrandHit[] = [];
  const exact = hits.filter((h) => h.kind !== 'lookalike');
  for (const h of hits) {
    if (h.kind === 'lookalike' && exact.some((e) => e.brandId === h.brandId && e.photoId === h.photoId && e.box && h.box && boxOverlap(e.box, h.box) > 0.3)) {
      continue;
    }
    const same = out.findIndex(
      (o) => o.brandId === h.brandId && o.kind === h.kind && o.photoId === h.photoId && (!o.box || !h.box || boxOverlap(o.box, h.box) > 0.3),
    );
    if (same < 0) out.push(h);
    else if (h.confidence > out[same].confidence) out[same] = h;
  }
  return out;
}
