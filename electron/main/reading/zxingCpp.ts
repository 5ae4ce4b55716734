// zxing-cpp (the zxing-wasm package) loaded from its own .wasm file on disk: the reading process's
// primary barcode decoder. By default the package fetches its .wasm from a CDN; here it never may.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { BarcodeFormat, BarcodeRead, Box } from '../../../shared/types';
import { FORMAT_OF, type DecoderFormat } from '../../../shared/reading/barcodePlan';
import { upcAToUpcE } from '../../../shared/reading/upcE';
import type { GrayImage } from '../../../shared/reading/grayImage';

export interface CppReadOptions {
  formats: readonly DecoderFormat[];
  tryHarder: boolean;
  maxNumberOfSymbols: number;
  /** Also look for inverted (light on dark) symbols; zxing-cpp's default, so true unless said. */
  tryInvert?: boolean;
}

type ReadBarcodes = (typeof import('zxing-wasm/reader'))['readBarcodes'];

/**
 * The .wasm file's path. In a packaged app it sits in app.asar.unpacked (electron-builder.yml
 * unpacks it), which a plain read of the path inside app.asar would not find from a child process.
 */
export function zxingWasmFile(): string {
  const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const unpacked = file.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return unpacked !== file && fs.existsSync(unpacked) ? unpacked : file;
}

let loading: Promise<ReadBarcodes> | null = null;

/** Loads the module once per process, from disk only. */
export function loadZxingCpp(): Promise<ReadBarcodes> {
  loading ??= (async () => {
    const { prepareZXingModule, readBarcodes } = await import('zxing-wasm/reader');
    const file = zxingWasmFile();
    const bytes = fs.readFileSync(file);
    await prepareZXingModule({
      overrides: {
        wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        // Anything it would still look up resolves to the local file, never a URL.
        locateFile: () => file,
      },
      fireImmediately: true,
    });
    return readBarcodes;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/** Gray pixels as the RGBA image data zxing-cpp takes (it has no single-channel input). */
export function grayToImageData(img: GrayImage): { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' } {
  const n = img.width * img.height;
  const rgba = new Uint8ClampedArray(n * 4);
  const words = new Uint32Array(rgba.buffer);
  // One 32-bit write a pixel (little-endian: alpha in the high byte).
  for (let i = 0; i < n; i++) {
    const v = img.data[i];
    words[i] = 0xff000000 | (v << 16) | (v << 8) | v;
  }
  return { data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' };
}

function boxOf(points: { x: number; y: number }[], scale: number, dx: number, dy: number): Box {
  const xs = points.map((p) => p.x * scale + dx);
  const ys = points.map((p) => p.y * scale + dy);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x: Math.round(x), y: Math.round(y), w: Math.max(1, Math.round(Math.max(...xs) - x)), h: Math.max(1, Math.round(Math.max(...ys) - y)) };
}

/**
 * The app's name for a format zxing-cpp reports: it names variants (Code39Std and Code39Ext for full
 * ASCII, ITF14, QRCodeModel2, CompactPDF417) where the app asked for the family.
 */
export function appFormat(cpp: string): BarcodeFormat | undefined {
  const exact = FORMAT_OF[cpp as DecoderFormat];
  if (exact) return exact;
  const family = (Object.keys(FORMAT_OF) as DecoderFormat[]).find((f) => cpp.startsWith(f) || cpp.endsWith(f));
  return family ? FORMAT_OF[family] : undefined;
}

/**
 * A UPC code as printed and as the app has always named it: zxing-cpp gives UPC-A and UPC-E in
 * their 13-digit EAN form, and an EAN-13 with a leading 0 is a UPC-A (GS1's rule): a UPC-A has 12
 * digits and a UPC-E 8, so brand prefixes and orders match as they did.
 */
export function asPrinted(format: BarcodeFormat, text: string): { format: BarcodeFormat; text: string } {
  if (!/^0\d{12}$/.test(text)) return { format, text };
  if (format === 'UPC_A' || format === 'EAN_13') return { format: 'UPC_A', text: text.slice(1) };
  if (format === 'UPC_E') return { format, text: upcAToUpcE(text.slice(1)) ?? text };
  return { format, text };
}

/**
 * One zxing-cpp pass over a gray image; boxes come back in the frame the image was cut from
 * (`scale` and the offset of a crop or a downscaled copy). Only valid symbols of the app's formats.
 */
export async function readWithCpp(img: GrayImage, options: CppReadOptions, place = { scale: 1, dx: 0, dy: 0 }): Promise<BarcodeRead[]> {
  return toReads(await runCpp(img, options, false), place);
}

/**
 * A pass that also counts the symbols zxing-cpp located but could not decode (a checksum or format
 * error): `suspects` says something barcode-like is there even when nothing was read.
 */
export async function lookWithCpp(img: GrayImage, options: CppReadOptions, place = { scale: 1, dx: 0, dy: 0 }): Promise<{ reads: BarcodeRead[]; suspects: number }> {
  const results = await runCpp(img, options, true);
  return { reads: toReads(results, place), suspects: results.filter((r) => !r.isValid).length };
}

async function runCpp(img: GrayImage, options: CppReadOptions, returnErrors: boolean) {
  const readBarcodes = await loadZxingCpp();
  return readBarcodes(grayToImageData(img) as unknown as Parameters<ReadBarcodes>[0], {
    formats: [...options.formats],
    // A QR code's text as encoded: the default (human-readable) form writes control characters as
    // <SOH>, <DLE>…, which is not what the code says. Linear codes keep it (GS1 numbers in brackets).
    textMode: options.formats.every((f) => f === 'QRCode') ? 'Plain' : 'HRI',
    tryHarder: options.tryHarder,
    tryInvert: options.tryInvert ?? true,
    maxNumberOfSymbols: options.maxNumberOfSymbols,
    returnErrors,
  });
}

function toReads(results: Awaited<ReturnType<ReadBarcodes>>, place: { scale: number; dx: number; dy: number }): BarcodeRead[] {
  const out: BarcodeRead[] = [];
  for (const r of results) {
    const format = appFormat(r.format);
    if (!r.isValid || !r.text || !format) continue;
    const p = r.position;
    out.push({ ...asPrinted(format, r.text), box: boxOf([p.topLeft, p.topRight, p.bottomLeft, p.bottomRight], place.scale, place.dx, place.dy) });
  }
  return out;
}
