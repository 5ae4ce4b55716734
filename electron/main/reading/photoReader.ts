// Reads one photo: pixels once, barcodes, OCR at several scales with barcodes masked, then the
// pure extractors (brands, invoice, waybill). The OCR pool stays warm between photos.
import sharp from 'sharp';
import { PSM } from 'tesseract.js';
import type { BarcodeRead, Box, PhotoRead, WordRead } from '../../../shared/types';
import { BrandMatcher } from '../../../shared/reading/brandMatcher';
import { classifyPhoto, extractInvoice, extractWaybill, type TextLine } from '../../../shared/reading/documentFields';
import { cleanLine, foldConfusions } from '../../../shared/reading/text';
import { AppError } from '../../../shared/result';
import { PHOTO_LIMITS } from '../service/photoStore';
import type { OcrLine, OcrPool } from './ocrPool';
import type { BarcodeService } from './barcodeService';

/** Larger photos are scaled down to this long side first: enough for labels, bounded work. */
const WORK_SIDE = 2200;

interface OcrPass {
  scale: number;
  psm: string;
}

/**
 * Full scale for ordinary print, half for headings, a quarter for big brand marks that come back
 * empty at full size; automatic layout keeps table rows together, sparse mode finds loose words.
 */
const PASSES: OcrPass[] = [
  { scale: 1, psm: PSM.AUTO },
  { scale: 0.5, psm: PSM.SPARSE_TEXT },
  { scale: 0.25, psm: PSM.AUTO },
];

export interface DecodedPhoto {
  gray: Buffer;
  width: number;
  height: number;
  /** Factor from work pixels to display pixels of the original photo. */
  toDisplay: number;
}

export async function decodePhoto(bytes: Uint8Array, name: string): Promise<DecodedPhoto> {
  try {
    const base = sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).rotate();
    const meta = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const w = (rotated ? meta.height : meta.width) ?? 0;
    const h = (rotated ? meta.width : meta.height) ?? 0;
    const scale = Math.min(1, WORK_SIDE / Math.max(w, h));
    const pipeline = scale < 1 ? base.resize(Math.round(w * scale), Math.round(h * scale)) : base;
    const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
    return { gray: data, width: info.width, height: info.height, toDisplay: 1 / scale };
  } catch (e) {
    throw new AppError('PHOTO_REJECTED', `${name}: the image data is damaged and cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
}

function scaleBox(b: Box, f: number): Box {
  return { x: Math.round(b.x * f), y: Math.round(b.y * f), w: Math.round(b.w * f), h: Math.round(b.h * f) };
}

export class PhotoReader {
  constructor(
    private readonly ocr: OcrPool,
    private readonly barcodes: BarcodeService,
  ) {}

  async read(bytes: Uint8Array, photoId: string, matcher: BrandMatcher, name = photoId.slice(0, 12), knownSellerCodes: readonly string[] = []): Promise<PhotoRead> {
    const t0 = performance.now();
    const photo = await decodePhoto(bytes, name);
    const t1 = performance.now();
    const found = await this.barcodes.scan(photo.gray, photo.width, photo.height);
    const t2 = performance.now();
    const lines = await this.ocrLines(photo, found);
    const t3 = performance.now();

    const barcodes: BarcodeRead[] = found.map((b) => ({ ...b, box: scaleBox(b.box, photo.toDisplay) }));
    const words: WordRead[] = [];
    const textLines: TextLine[] = [];
    lines.forEach((l, i) => {
      for (const w of l.words) words.push({ ...w, box: scaleBox(w.box, photo.toDisplay), line: i });
      textLines.push({ text: l.text, box: scaleBox(l.box, photo.toDisplay) });
    });
    const text = textLines.map((l) => l.text).join('\n');
    const brands = [...matcher.matchWords(words, photoId), ...matcher.matchBarcodes(barcodes, photoId)];
    const invoice = extractInvoice(textLines, photoId, knownSellerCodes);
    const waybill = extractWaybill(textLines, barcodes, photoId);
    const meanConfidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
    return {
      photoId,
      width: Math.round(photo.width * photo.toDisplay),
      height: Math.round(photo.height * photo.toDisplay),
      kind: classifyPhoto(text, barcodes, invoice, waybill),
      barcodes,
      words,
      text,
      meanConfidence: Math.round(meanConfidence * 10) / 10,
      brands,
      invoice,
      waybill,
      timingsMs: {
        decode: Math.round(t1 - t0),
        barcodes: Math.round(t2 - t1),
        ocr: Math.round(t3 - t2),
        total: Math.round(performance.now() - t0),
      },
    };
  }

  /** OCR passes in parallel on the warm pool; lines in work-pixel coordinates, duplicates merged. */
  private async ocrLines(photo: DecodedPhoto, barcodes: BarcodeRead[]): Promise<{ text: string; box: Box; words: Omit<WordRead, 'line'>[] }[]> {
    const { width, height } = photo;
    // White out the barcodes: bars read as garbage letters and slow tesseract down.
    const masks = barcodes.map((b) => {
      const x = Math.max(0, b.box.x);
      const y = Math.max(0, b.box.y);
      const w = Math.max(1, Math.min(width - x, b.box.w));
      const h = Math.max(1, Math.min(height - y, b.box.h));
      return { input: { create: { width: w, height: h, channels: 3 as const, background: '#ffffff' } }, left: x, top: y };
    });
    const base = sharp(photo.gray, { raw: { width, height, channels: 1 } });
    const cleaned = await (masks.length ? base.composite(masks) : base).median(3).greyscale().raw().toBuffer();
    const results = await Promise.all(
      PASSES.map(async (p) => {
        const w = Math.round(width * p.scale);
        if (w < 200) return { pass: p, lines: [] as OcrLine[] };
        const png = await sharp(cleaned, { raw: { width, height, channels: 1 } })
          .resize(w, Math.round(height * p.scale))
          .normalise()
          .png({ compressionLevel: 1 })
          .toBuffer();
        return { pass: p, lines: await this.ocr.recognize(png, p.psm) };
      }),
    );
    const kept: { text: string; folded: string; box: Box; words: Omit<WordRead, 'line'>[] }[] = [];
    for (const { pass, lines } of results) {
      const f = 1 / pass.scale;
      for (const l of lines) {
        const words = l.words
          .map((w) => ({ text: cleanLine(w.text), confidence: Math.round(w.confidence), box: { x: Math.round(w.x0 * f), y: Math.round(w.y0 * f), w: Math.round((w.x1 - w.x0) * f), h: Math.round((w.y1 - w.y0) * f) } }))
          .filter((w) => w.text);
        if (!words.length) continue;
        const text = cleanLine(l.text);
        const folded = foldConfusions(text) + text.replace(/[^\u4e00-\u9fff]/g, '');
        const box = words.reduce<Box>((u, w) => {
          const x0 = Math.min(u.x, w.box.x);
          const y0 = Math.min(u.y, w.box.y);
          return { x: x0, y: y0, w: Math.max(u.x + u.w, w.box.x + w.box.w) - x0, h: Math.max(u.y + u.h, w.box.y + w.box.h) - y0 };
        }, words[0].box);
        if (!folded) continue;
        const dup = kept.some((k) => overlaps(k.box, box) && (k.folded === folded || (k.folded.includes(folded) && folded.length > 3)));
        if (!dup) kept.push({ text, folded, box, words });
      }
    }
    // Reading order: top to bottom, then left to right.
    kept.sort((a, b) => (Math.abs(a.box.y - b.box.y) < Math.min(a.box.h, b.box.h) / 2 ? a.box.x - b.box.x : a.box.y - b.box.y));
    return kept;
  }
}

function overlaps(a: Box, b: Box): boolean {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy > 0.3 * Math.min(a.w * a.h, b.w * b.h);
}
