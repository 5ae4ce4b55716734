// Which barcodes a photo is searched for, and when the search may stop: a photo's kind (from the
// name it was taken or imported under) decides the formats asked for, so a tag is never searched for
// QR codes and an invoice never for bars. Pure: the reading process runs the passes this plans.
import type { BarcodeFormat, BarcodeRead, Box, PhotoKind } from '../types';
import { looksLikeFapiaoQr } from './fapiaoQr';
import { looksLikeTracking, RETAIL } from './documentFields';

/** zxing-cpp's names of the formats the app reads. */
export type DecoderFormat = 'Code128' | 'Code39' | 'ITF' | 'Codabar' | 'EAN13' | 'EAN8' | 'UPCA' | 'UPCE' | 'QRCode' | 'DataMatrix' | 'PDF417';

const RETAIL_FORMATS: DecoderFormat[] = ['EAN13', 'EAN8', 'UPCA', 'UPCE'];

/** What each kind of photo carries; a photo of unknown kind is asked for every format the app reads. */
export const FORMATS_FOR_KIND: Record<PhotoKind, readonly DecoderFormat[]> = {
  tag: RETAIL_FORMATS,
  waybill: ['Code128', 'QRCode'],
  invoice: ['QRCode'],
  unknown: ['Code128', 'Code39', 'ITF', 'Codabar', ...RETAIL_FORMATS, 'QRCode', 'DataMatrix', 'PDF417'],
};

/**
 * The kind a photo's name announces: packs and imports name them (P0001-1-waybill.jpg, 发票.png);
 * a camera's photo says nothing and is searched for everything.
 */
export function kindFromName(name: string): PhotoKind {
  const n = name.toLowerCase();
  if (/(^|[^a-z])(invoice|fapiao)([^a-z]|$)|发票/.test(n)) return 'invoice';
  if (/(^|[^a-z])(waybill|label)([^a-z]|$)|运单|面单/.test(n)) return 'waybill';
  if (/(^|[^a-z])(tag|product)([^a-z]|$)|吊牌|商品/.test(n)) return 'tag';
  return 'unknown';
}

/** Whether the code a photo of this kind is taken for is among those found, so no further pass is needed. */
export function expectedCodeFound(kind: PhotoKind, found: readonly BarcodeRead[]): boolean {
  switch (kind) {
    case 'tag':
      return found.some((b) => RETAIL.has(b.format));
    case 'waybill':
      return found.some((b) => b.format === 'CODE_128' && looksLikeTracking(b.text));
    case 'invoice':
      return found.some((b) => b.format === 'QR_CODE' && looksLikeFapiaoQr(b.text));
    case 'unknown':
      return found.length > 0;
  }
}

/**
 * The top-left corner where a fapiao prints its QR (a paper VAT invoice and the digital
 * e-fapiao alike): searched on its own first, a small image decoded in a few milliseconds.
 */
export const FAPIAO_QR_CORNER = { x: 0, y: 0, w: 0.34, h: 0.42 } as const;

/** Whether a search begins with the fapiao corner: the kinds a fapiao can be. */
export function searchFapiaoCorner(kind: PhotoKind): boolean {
  return kind === 'invoice' || kind === 'unknown';
}

const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });

/**
 * One read per symbol: the decoder can report one symbol twice (two passes, or twice within a
 * pass), while a shelf can show one product twice, side by side. Same text and format with centres
 * closer than the larger symbol's size is one symbol.
 */
export function dedupeReads(reads: readonly BarcodeRead[]): BarcodeRead[] {
  const out: BarcodeRead[] = [];
  for (const r of reads) {
    const c = centre(r.box);
    const same = out.some((o) => {
      if (o.text !== r.text || o.format !== r.format) return false;
      const oc = centre(o.box);
      const size = Math.max(o.box.w, o.box.h, r.box.w, r.box.h, 1);
      return Math.hypot(oc.x - c.x, oc.y - c.y) < size;
    });
    if (!same) out.push(r);
  }
  return out;
}

/** The app's format names, for a caller that reports what a pass asked for. */
export const FORMAT_OF: Record<DecoderFormat, BarcodeFormat> = {
  Code128: 'CODE_128',
  Code39: 'CODE_39',
  ITF: 'ITF',
  Codabar: 'CODABAR',
  EAN13: 'EAN_13',
  EAN8: 'EAN_8',
  UPCA: 'UPC_A',
  UPCE: 'UPC_E',
  QRCode: 'QR_CODE',
  DataMatrix: 'DATA_MATRIX',
  PDF417: 'PDF_417',
};
