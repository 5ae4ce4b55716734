// The fallback reader, used when the PP-OCR models cannot load: tesseract.js reads the whole photo
// at three scales (full for print, half for headings, a quarter for big brand marks), with barcodes
// masked and a small tilt straightened; duplicate lines from the passes are merged.
import sharp from 'sharp';
import { PSM } from 'tesseract.js';
import type { BarcodeRead, Box } from '../../../../shared/types';
import { cleanLine, foldConfusions } from '../../../../shared/reading/text';
import { estimateSkew } from '../../../../shared/reading/deskew';
import type { OcrLine, OcrPool } from '../ocrPool';
import type { OcrLineOut, OcrWordOut } from './ocrTypes';

interface OcrPass {
  scale: number;
  psm: string;
}

const PASSES: OcrPass[] = [
  { scale: 1, psm: PSM.AUTO },
  { scale: 0.5, psm: PSM.SPARSE_TEXT },
  { scale: 0.25, psm: PSM.AUTO },
];

/** Lines in reading order; layout boxes in the straightened frame, word boxes in the photo's. */
export async function tesseractPage(ocr: OcrPool, gray: Buffer, width: number, height: number, barcodes: readonly BarcodeRead[]): Promise<OcrLineOut[]> {
  const masked = await maskBarcodes(gray, width, height, barcodes);
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
      return { pass: p, lines: await ocr.recognize(png, p.psm) };
    }),
  );
  const kept: { text: string; folded: string; box: Box; words: OcrWordOut[]; confidence: number; primary: boolean }[] = [];
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

/** White boxes over the barcodes: bars read as garbage letters and slow OCR down. */
export async function maskBarcodes(gray: Buffer, width: number, height: number, barcodes: readonly BarcodeRead[]): Promise<Buffer> {
  if (!barcodes.length) return gray;
  const masks = barcodes.map((b) => {
    const x = Math.max(0, Math.min(width - 1, b.box.x));
    const y = Math.max(0, Math.min(height - 1, b.box.y));
    const w = Math.max(1, Math.min(width - x, b.box.w));
    const h = Math.max(1, Math.min(height - y, b.box.h));
    return { input: { create: { width: w, height: h, channels: 3 as const, background: '#ffffff' } }, left: x, top: y };
  });
  return sharp(gray, { raw: { width, height, channels: 1 } }).composite(masks).greyscale().raw().toBuffer();
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h) };
}

function overlaps(a: Box, b: Box): boolean {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  return ix * iy > 0.3 * Math.min(a.w * a.h, b.w * b.h);
}
