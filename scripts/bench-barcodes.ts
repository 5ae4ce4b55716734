// Barcode decode rates on the public corpus sets (ZXing, ZXing extra, zxing-cpp, label photos),
// per set and rotation, against the pass thresholds each set states: the app's barcode stage
// (zxing-cpp first, the kind's formats, see electron/main/reading/barcodeService.ts) side by side with
// plain zxing-cpp (zxing-wasm, try harder, all formats: its own figure) and, with --legacy, the
// @zxing/library region scanner alone (the decoder before zxing-cpp). Prints a table; exits 0.
// The app's kind for a set is what its format implies (EAN/UPC: a tag, Code 128: a waybill, QR: an
// invoice, others: unknown, searched for every format), as a photo's name tells the reading process.
//   npm run bench:barcodes [-- --corpus DIR] [--set NAME] [--no-cpp] [--legacy]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { BarcodeScanner, toGray } from '../shared/reading/barcodeScanner';
import { rotate90, type GrayImage } from '../shared/reading/grayImage';
import { upcEToUpcA } from '../shared/reading/upcE';
import { createRequire } from 'node:module';
import { CppBarcodeService } from '../electron/main/reading/barcodeService';
import type { PhotoKind } from '../shared/types';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, set: { type: 'string' }, 'no-cpp': { type: 'boolean' }, legacy: { type: 'boolean' } } });
const corpus = path.resolve(values.corpus ?? path.join(import.meta.dirname, '..', '..', 'shared', 'corpus'));

interface Threshold {
  rotation: number;
  mustPass?: number;
  tryHarder?: number;
  minPassFast?: number;
  minPassSlow?: number;
  maxFalsePositives?: number;
}
interface SetInfo {
  format: string;
  thresholds?: Threshold[];
  items: { file: string; expected?: string | null; must_not_decode?: boolean }[];
  images?: number;
  images_upstream?: number;
  images_upstream_groups?: number;
  maxFalsePositives?: number;
}

async function load(file: string): Promise<GrayImage> {
  const { data, info } = await sharp(file, { animated: false }).rotate().flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return toGray(data, info.width, info.height, info.channels);
}

/** zxing-cpp (WebAssembly) from its local file; any attempt to reach the network fails loudly. */
async function loadZxingCpp(): Promise<((png: Buffer) => Promise<string[]>) | null> {
  if (values['no-cpp']) return null;
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: unknown, ...rest: unknown[]) => {
    if (/^https?:/.test(String(input))) throw new Error(`bench:barcodes refuses network access (${String(input)})`);
    return (realFetch as (...a: unknown[]) => Promise<Response>)(input, ...rest);
  }) as typeof fetch;
  const { prepareZXingModule, readBarcodes } = await import('zxing-wasm/reader');
  const wasmFile = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = fs.readFileSync(wasmFile);
  await prepareZXingModule({
    overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, locateFile: () => wasmFile },
    fireImmediately: true,
  });
  return async (png) => (await readBarcodes(new Uint8Array(png), { tryHarder: true, maxNumberOfSymbols: 16 })).filter((r) => r.isValid).map((r) => r.text);
}

/** A UPC-A or UPC-E given as printed (12 or 8 digits) or in its 13-digit EAN form (plain zxing-cpp) is one code. */
function sameCode(text: string, expected: string): boolean {
  if (text === expected) return true;
  const [short, long] = text.length < expected.length ? [text, expected] : [expected, text];
  if (/^\d{12}$/.test(short) && long === `0${short}`) return true;
  return /^\d{8}$/.test(short) && /^\d{13}$/.test(long) && `0${upcEToUpcA(short)}` === long;
}

const cpp = await loadZxingCpp();
const cppPerFormat = new Map<string, { pass: number; tried: number }>();
let cppFalse = 0;
const scanner = new BarcodeScanner();
const app = new CppBarcodeService();
const kindForFormat = (format: string): PhotoKind =>
  /^(EAN|UPC)/.test(format) ? 'tag' : format === 'CODE_128' ? 'waybill' : format === 'QR_CODE' ? 'invoice' : 'unknown';
let legacyPass = 0;
let legacyTried = 0;
let legacyFalse = 0;
const rows: string[] = [];
let totalPass = 0;
let totalTried = 0;
const perFormat = new Map<string, { pass: number; tried: number }>();
const t0 = performance.now();

for (const source of ['zxing-blackbox', 'zxing-blackbox-extra', 'zxing-cpp-samples', 'dynamsoft-labels']) {
  const indexFile = path.join(corpus, source, 'index.json');
  if (!fs.existsSync(indexFile)) continue;
  const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as { sets?: Record<string, SetInfo>; items: { file: string; expected: unknown; format?: string }[] };
  const sets: [string, SetInfo][] = index.sets
    ? Object.entries(index.sets)
    : [[source, { format: 'LABEL', items: index.items.map((i) => ({ file: i.file, expected: (i.expected as { tracking?: string }).tracking })) }]];
  for (const [name, set] of sets) {
    if (values.set && name !== values.set) continue;
    const falsePositives = name.startsWith('falsepositives') || set.items.every((i) => i.must_not_decode);
    const scale = set.images && (set.images_upstream ?? set.images_upstream_groups) ? set.images / (set.images_upstream ?? set.images_upstream_groups)! : 1;
    // Numeric rotations only ("pure" thresholds are for zxing-cpp's pure-barcode mode).
    const rotations = ((set.thresholds ?? []).filter((t) => typeof t.rotation === 'number') as Threshold[]).concat(set.thresholds?.length ? [] : [{ rotation: 0 }]);
    for (const th of rotations) {
      let pass = 0;
      let decodedAny = 0;
      let ms = 0;
      let cppPass = 0;
      let cppAny = 0;
      for (const item of set.items) {
        const file = path.join(corpus, source, item.file);
        if (!fs.existsSync(file)) continue;
        let img: GrayImage;
        try {
          img = rotate90(await load(file), Math.round(th.rotation / 90));
        } catch {
          continue;
        }
        // Binary contents (expected null, a .bin beside the image) compare as ISO-8859-1 text, as ZXing's own tests do.
        const bin = file.replace(/\.[a-z]+$/, '.bin');
        if (item.expected === null && fs.existsSync(bin)) item.expected = fs.readFileSync(bin).toString('latin1');
        const s = performance.now();
        const kind = falsePositives ? 'unknown' : kindForFormat(set.format);
        const found = (await app.scan(Buffer.from(img.data.buffer, img.data.byteOffset, img.width * img.height), img.width, img.height, kind)).barcodes;
        ms += performance.now() - s;
        if (values.legacy) {
          const old = scanner.scan(img);
          if (falsePositives) legacyFalse += old.length ? 1 : 0;
          else {
            legacyTried++;
            if (typeof item.expected === 'string' && old.some((f) => sameCode(f.text, item.expected as string))) legacyPass++;
          }
        }
        if (found.length) decodedAny++;
        if (!falsePositives && typeof item.expected === 'string' && found.some((f) => sameCode(f.text, item.expected as string))) pass++;
        if (cpp) {
          const png = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.width * img.height), { raw: { width: img.width, height: img.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
          const texts = await cpp(png);
          if (texts.length) cppAny++;
          if (!falsePositives && typeof item.expected === 'string' && texts.some((t) => sameCode(t, item.expected as string))) cppPass++;
        }
      }
      const cppNote = cpp ? (falsePositives ? `\tzxing-cpp ${cppAny}` : `\tzxing-cpp ${cppPass}/${set.items.length}`) : '';
      const n = set.items.length;
      if (falsePositives) {
        const max = th.maxFalsePositives ?? set.maxFalsePositives ?? 0;
        cppFalse += cppAny;
        rows.push(`${source}/${name}\tnone\trot ${th.rotation}\tfalse positives ${decodedAny}/${n}\tallowed ${max}\t${decodedAny <= max ? 'OK' : 'OVER'}\t${Math.round(ms / Math.max(1, n))} ms/img${cppNote}`);
        continue;
      }
      const need = th.tryHarder ?? th.minPassSlow ?? th.mustPass ?? th.minPassFast;
      const scaled = need !== undefined ? Math.floor(need * scale) : undefined;
      totalPass += pass;
      totalTried += n;
      const f = perFormat.get(set.format) ?? { pass: 0, tried: 0 };
      f.pass += pass;
      f.tried += n;
      perFormat.set(set.format, f);
      const c = cppPerFormat.get(set.format) ?? { pass: 0, tried: 0 };
      c.pass += cppPass;
      c.tried += n;
      cppPerFormat.set(set.format, c);
      rows.push(
        `${source}/${name}\t${set.format}\trot ${th.rotation}\t${pass}/${n} decoded\t${scaled !== undefined ? `threshold ${scaled}` : 'no threshold'}\t${scaled === undefined ? '' : pass >= scaled ? 'OK' : 'BELOW'}\t${Math.round(ms / Math.max(1, n))} ms/img${cppNote}`,
      );
      console.log(rows[rows.length - 1]);
    }
  }
}
console.log('\nper format (all rotations):');
for (const [fmt, f] of [...perFormat].sort()) {
  const c = cppPerFormat.get(fmt);
  const vs = cpp && c ? `   zxing-cpp ${c.pass}/${c.tried}   ratio ours/zxing-cpp ${c.pass ? (f.pass / c.pass).toFixed(2) : 'n/a'}` : '';
  console.log(`  ${fmt.padEnd(12)} ${f.pass}/${f.tried} (${((100 * f.pass) / f.tried).toFixed(1)}%)${vs}`);
}
if (cpp) console.log(`zxing-cpp (zxing-wasm, try harder) false positives on the no-barcode sets: ${cppFalse}`);
if (values.legacy) console.log(`@zxing/library region scanner alone: ${legacyPass}/${legacyTried}, false positives ${legacyFalse}`);
console.log(`\nall: ${totalPass}/${totalTried} (${((100 * totalPass) / Math.max(1, totalTried)).toFixed(1)}%), below threshold: ${rows.filter((r) => r.includes('BELOW')).length} set-rotations, false-positive sets over: ${rows.filter((r) => r.includes('OVER')).length}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
for (const r of rows.filter((x) => x.includes('false positives'))) console.log(r);
