// Reads one photo: the reading worker decodes it, scans its barcodes and reads its text lines (off
// the main thread); here the pure extractors (brands, invoice, waybill) turn that into a PhotoRead.
import type { BarcodeRead, Box, PhotoRead, WordRead } from '../../../shared/types';
import { BrandMatcher } from '../../../shared/reading/brandMatcher';
import { classifyPhoto, extractInvoice, extractWaybill, type TextLine } from '../../../shared/reading/documentFields';
import type { ReadingClient } from './readingClient';

function scaleBox(b: Box, f: number): Box {
  return { x: Math.round(b.x * f), y: Math.round(b.y * f), w: Math.round(b.w * f), h: Math.round(b.h * f) };
}

export class PhotoReader {
  constructor(private readonly worker: ReadingClient) {}

  async read(bytes: Uint8Array, photoId: string, matcher: BrandMatcher, name = photoId.slice(0, 12), knownSellerCodes: readonly string[] = []): Promise<PhotoRead> {
    const t0 = performance.now();
    const raw = await this.worker.read(bytes, name);
    const tFields = performance.now();
    const f = raw.toDisplay;
    const barcodes: BarcodeRead[] = raw.barcodes.map((b) => ({ ...b, box: scaleBox(b.box, f) }));
    const words: WordRead[] = [];
    const textLines: TextLine[] = [];
    raw.lines.forEach((l, i) => {
      for (const w of l.words) words.push({ ...w, box: scaleBox(w.box, f), line: i });
      textLines.push({ text: l.text, box: scaleBox(l.layoutBox, f) });
    });
    const text = textLines.map((l) => l.text).join('\n');
    const brands = [...matcher.matchWords(words, photoId), ...matcher.matchBarcodes(barcodes, photoId)];
    const invoice = extractInvoice(textLines, photoId, knownSellerCodes, barcodes);
    const waybill = extractWaybill(textLines, barcodes, photoId);
    const fieldsMs = Math.round(performance.now() - tFields);
    const meanConfidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
    return {
      photoId,
      width: Math.round(raw.width * f),
      height: Math.round(raw.height * f),
      kind: classifyPhoto(text, barcodes, invoice, waybill),
      barcodes,
      words,
      text,
      meanConfidence: Math.round(meanConfidence * 10) / 10,
      brands,
      invoice,
      waybill,
      timingsMs: {
        decode: raw.timingsMs.decode,
        barcodes: raw.timingsMs.barcodes,
        ocr: raw.timingsMs.ocr,
        detect: raw.timingsMs.detect,
        classify: raw.timingsMs.classify,
        recognise: raw.timingsMs.recognise,
        reread: raw.timingsMs.reread,
        fields: fieldsMs,
        total: Math.round(performance.now() - t0),
      },
    };
  }
}
