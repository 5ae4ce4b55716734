// A photo's barcodes, in as few passes as its kind needs: zxing-cpp (zxing-wasm, from disk) asked
// only for the formats the kind carries, the fapiao's QR corner first, a quick look at half scale
// that ends the search on a document photo with nothing barcode-like, a coarse pass only when the
// fine one found nothing, and @zxing/library's region search only where it adds a measured read.
import type { BarcodeRead, PhotoKind } from '../../../shared/types';
import { BarcodeScanner } from '../../../shared/reading/barcodeScanner';
import { crop, downscale, type GrayImage } from '../../../shared/reading/grayImage';
import { dedupeReads, expectedCodeFound, FAPIAO_QR_CORNER, FORMATS_FOR_KIND, searchFapiaoCorner } from '../../../shared/reading/barcodePlan';
import { RETAIL } from '../../../shared/reading/documentFields';
import { lookWithCpp, readWithCpp } from './zxingCpp';

/** The passes a scan ran, in order: what the benchmark and the tests look at. */
export type BarcodePass = 'corner' | 'quick' | 'fine' | 'coarse' | 'regions';

export interface BarcodeScan {
  barcodes: BarcodeRead[];
  passes: BarcodePass[];
}

export interface BarcodeService {
  scan(gray: Buffer, width: number, height: number, kind?: PhotoKind): Promise<BarcodeScan>;
  close(): Promise<void>;
}

/** Many symbols on one photo (a shelf of products, a label's several Code 128) are all wanted. */
const MAX_SYMBOLS = 32;

/**
 * From this long side on, a photo of a kind that may carry no code at all (an invoice, a receipt, a
 * photo of unknown kind) is first looked at quickly at half scale. Measured: that look (about 5–20 ms
 * on a pack invoice or a receipt, against 80–700 ms for the thorough passes) located every code the
 * thorough pass read on the corpus's photos this large and on the pack's; smaller images (ZXing's
 * test images) lose symbols at half scale, and their thorough pass costs a few milliseconds anyway.
 */
const QUICK_LOOK_SIDE = 1000;

export class CppBarcodeService implements BarcodeService {
  /** @zxing/library's oriented-region search, built on first need (its readers are costly to build). */
  private legacy: BarcodeScanner | null = null;

  async scan(gray: Buffer, width: number, height: number, kind: PhotoKind = 'unknown'): Promise<BarcodeScan> {
    const img: GrayImage = { data: new Uint8ClampedArray(gray.buffer, gray.byteOffset, width * height), width, height };
    const passes: BarcodePass[] = [];
    const formats = FORMATS_FOR_KIND[kind];
    let found: BarcodeRead[] = [];

    if (searchFapiaoCorner(kind)) {
      passes.push('corner');
      const c = FAPIAO_QR_CORNER;
      const corner = crop(img, c.x * width, c.y * height, c.w * width, c.h * height);
      found = await readWithCpp(corner, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 }, { scale: 1, dx: Math.floor(c.x * width), dy: Math.floor(c.y * height) });
      // A fapiao's QR in its corner: the photo is an invoice and nothing else is searched for.
      if (expectedCodeFound('invoice', found)) return { barcodes: found, passes };
    }

    if ((kind === 'invoice' || kind === 'unknown') && Math.max(width, height) >= QUICK_LOOK_SIDE) {
      // A document photo often has no code at all: a quick look at half scale (no inverted symbols)
      // reads a clear code, and where it neither read nor located anything barcode-like (not even a
      // symbol failing its checksum), the thorough passes would find nothing either.
      passes.push('quick');
      const look = await lookWithCpp(downscale(img, 2), { formats, tryHarder: false, tryInvert: false, maxNumberOfSymbols: MAX_SYMBOLS }, { scale: 2, dx: 0, dy: 0 });
      found = dedupeReads([...found, ...look.reads]);
      if (!look.reads.length && !look.suspects) return { barcodes: found, passes };
      if (expectedCodeFound(kind, found)) return { barcodes: found, passes };
    } else if (kind === 'unknown') {
      // A camera's photo says nothing of its kind: a quick pass over every format reads a clear code
      // at a fraction of a thorough one's cost; the thorough pass follows only if it found nothing.
      passes.push('quick');
      found = dedupeReads([...found, ...(await readWithCpp(img, { formats, tryHarder: false, maxNumberOfSymbols: MAX_SYMBOLS }))]);
      if (expectedCodeFound(kind, found)) return { barcodes: found, passes };
    }

    passes.push('fine');
    found = dedupeReads([...found, ...(await readWithCpp(img, { formats, tryHarder: true, maxNumberOfSymbols: MAX_SYMBOLS }))]);
    if (expectedCodeFound(kind, found)) return { barcodes: found, passes };

    // Thick bars or a large 2-D symbol with fine print can fail at full scale and read at half.
    if (!found.length && Math.max(width, height) > 1000) {
      passes.push('coarse');
      found = await readWithCpp(downscale(img, 2), { formats, tryHarder: true, maxNumberOfSymbols: MAX_SYMBOLS }, { scale: 2, dx: 0, dy: 0 });
      if (expectedCodeFound(kind, found)) return { barcodes: found, passes };
    }

    // A product tag without its retail code so far: the region search's straightened bands and
    // its own UPC-E row decoder read some tilted, soft retail codes zxing-cpp misses. Its regions
    // only: its whole-image pass repeats what zxing-cpp has just done, at seconds on a tag photo.
    if (kind === 'tag' && !found.some((b) => RETAIL.has(b.format))) {
      passes.push('regions');
      this.legacy ??= new BarcodeScanner();
      const extra = this.legacy.scan(img, { thorough: false, enough: () => true }).filter((b) => RETAIL.has(b.format));
      found = dedupeReads([...found, ...extra]);
    }
    return { barcodes: found, passes };
  }

  async close(): Promise<void> {}
}
