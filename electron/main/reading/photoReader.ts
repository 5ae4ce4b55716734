// Reads one photo: pixels once, barcodes, OCR at several scales with barcodes masked, then the
// pure extractors (brands, invoice, waybill). The OCR pool stays warm between photos.
import sharp from 'sharp';
import { PSM } from 'tesseract.js';
import type { BarcodeRead, Box, PhotoRead, WordRead } from '../../../shared/types';
import { BrandMatcher } from '../../../shared/reading/brandMatcher';
import { classifyPhoto, extractInvoice, extractWaybill, type TextLine } from '../../../shared/reading/documentFields';
import { cleanLine, foldConfusions } from '../../../shared/reading/text';
import { estimateSkew } from '../../../shared/reading/deskew';
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
    // Transparent images (a PNG with text in its alpha channel) are laid on white paper first.
    const { data, info } = await pipeline.flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
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
      textLines.push({ text: l.text, box: scaleBox(l.layoutBox, photo.toDisplay) });
    });
    const text = textLines.map((l) => l.text).join('\n');
    const brands = [...matcher.matchWords(words, photoId), ...matcher.matchBarcodes(barcodes, photoId)];
    const invoice = extractInvoice(textLines, photoId, knownSellerCodes, barcodes);
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
  private async ocrLines(photo: DecodedPhoto, barcodes: BarcodeRead[]): Promise<{ text: string; box: Box; layoutBox: Box; words: Omit<WordRead, 'line'>[] }[]> {
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
    const masked = await (masks.length ? base.composite(masks) : base).greyscale().raw().toBuffer();
    // Straighten a tilted page first: tesseract loses table rows and lines on a slant.
    const skew = estimateSkew({ data: new Uint8ClampedArray(masked.buffer, masked.byteOffset, width * height), width, height });
    const straight = Math.abs(skew) >= 0.75;
    const turned = await sharp(masked, { raw: { width, height, channels: 1 } })
      .rotate(straight ? -skew : 0, { background: '#ffffff' })
      .median(3)
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const tw = turned.info.width;
    const th = turned.info.height;
    const cleaned = turned.data;
    // From the straightened frame back to the photo's: turn by +skew about the centres.
    const t = (skew * Math.PI) / 180;
    const back = (x: number, y: number) => {
      if (!straight) return { x, y };
      const dx = x - tw / 2;
      const dy = y - th / 2;
      return { x: width / 2 + dx * Math.cos(t) - dy * Math.sin(t), y: height / 2 + dx * Math.sin(t) + dy * Math.cos(t) };
    };
    const toPhoto = (b: Box): Box => {
      const pts = [back(b.x, b.y), back(b.x + b.w, b.y), back(b.x, b.y + b.h), back(b.x + b.w, b.y + b.h)];
      const x0 = Math.min(...pts.map((q) => q.x));
      const y0 = Math.min(...pts.map((q) => q.y));
      return { x: Math.round(x0), y: Math.round(y0), w: Math.round(Math.max(...pts.map((q) => q.x)) - x0), h: Math.round(Math.max(...pts.map((q) => q.y)) - y0) };
    };
    // A small crop (one word, one line) is enlarged first: tesseract wants letters tens of pixels high.
    const enlarge = Math.min(4, Math.max(1, 900 / Math.max(tw, th)));
    const results = await Promise.all(
      PASSES.map(async (pass) => {
        const p = { ...pass, scale: pass.scale * enlarge };
        const w = Math.round(tw * p.scale);
        if (w < 200 && pass !== PASSES[0]) return { pass: p, lines: [] as OcrLine[] };
        const png = await sharp(cleaned, { raw: { width: tw, height: th, channels: 1 } })
          .resize(w, Math.round(th * p.scale))
          .normalise()
          .png({ compressionLevel: 1 })
          .toBuffer();
        return { pass: p, lines: await this.ocr.recognize(png, p.psm) };
      }),
    );
    const kept: { text: string; folded: string; box: Box; words: Omit<WordRead, 'line'>[]; confidence: number; primary: boolean }[] = [];
    for (const [k, { pass, lines }] of results.entries()) {
      const primary = k === 0;
      const f = 1 / pass.scale;
      for (const l of lines) {
        const words = l.words
          .map((w) => ({ text: cleanLine(w.text), confidence: Math.round(w.confidence), box: { x: w.x0 * f, y: w.y0 * f, w: (w.x1 - w.x0) * f, h: (w.y1 - w.y0) * f } }))
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
        const confidence = l.confidence;
        const same = kept.some((k) => overlaps(k.box, box) && (k.folded === folded || (k.folded.includes(folded) && folded.length > 3)));
        if (same) continue;
        if (!primary) {
          // The coarser passes are for what full scale missed (large marks): where full scale read
          // the same spot as well or better, their reading is noise; elsewhere they need some confidence.
          const covered = kept.filter((k) => k.primary && overlaps(k.box, box));
          if (covered.some((k) => k.confidence + 10 >= confidence)) continue;
          if (confidence < 40) continue;
        }
        kept.push({ text, folded, box, words, confidence, primary });
      }
    }
    // Reading order, in the straightened frame: top to bottom, then left to right.
    kept.sort((a, b) => (Math.abs(a.box.y - b.box.y) < Math.min(a.box.h, b.box.h) / 2 ? a.box.x - b.box.x : a.box.y - b.box.y));
    // Layout (rows, cells) is judged straightened; evidence boxes are given in the photo's frame.
    return kept.map((k) => ({
      text: k.text,
      layoutBox: roundBox(k.box),
      box: toPhoto(k.box),
      words: k.words.map((w) => ({ ...w, box: toPhoto(w.box) })),
    }));
  }
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}

function overlaps(a: Box, b: Box): boolean {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy > 0.3 * Math.min(a.w * a.h, b.w * b.h);
}
