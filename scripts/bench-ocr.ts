// OCR quality on the public corpus (pages we did not write): character error rate on English and
// Chinese test images, SROIE receipt key fields found in the text, and Chinese invoice fields.
// Each test page is also read turned 90/180/270 degrees (the reader must turn it upright).
//   npm run bench:ocr [-- --corpus DIR] [--engine ppocr|tesseract] [--sroie N] [--no-turns]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { ParcelGateService } from '../electron/main/service/service';
import { SYSTEM } from '../shared/systemIdentities';
import type { PhotoRead } from '../shared/types';
import { editDistance } from '../shared/reading/text';
import { fmt, median } from './benchStats';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, engine: { type: 'string' }, sroie: { type: 'string' }, 'no-turns': { type: 'boolean' } } });
const engine = values.engine === 'tesseract' ? 'tesseract' : 'ppocr';
const TURNS = values['no-turns'] ? [0] : [0, 90, 180, 270];
const corpus = path.resolve(values.corpus ?? path.join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-ocr-'));
const service = new ParcelGateService({ dbFile: path.join(dir, 'o.db'), dataDir: path.join(dir, 'data'), ocrEngine: engine });
const sys = { system: SYSTEM.bench };
await service.warmUp();

async function read(file: string, turn = 0): Promise<PhotoRead | null> {
  const original = fs.readFileSync(file);
  const bytes = turn ? await sharp(original).rotate(turn).png().toBuffer() : original;
  const added = await service.call('photo:add', { bytes: new Uint8Array(bytes), name: path.basename(file) }, sys);
  if (!added.ok) {
    console.log(`  ${path.basename(file)}: ${added.error.message}`);
    return null;
  }
  const r = await service.call('photo:read', { photoId: added.value.photoId }, sys);
  return r.ok ? r.value : null;
}

/** Character error rate, whitespace removed (Chinese) or collapsed (Latin). */
function cer(got: string, want: string, chinese: boolean): number {
  const norm = (s: string) => (chinese ? s.replace(/\s+/g, '') : s.replace(/\s+/g, ' ').trim());
  const a = norm(got);
  const b = norm(want);
  return editDistance(a, b, Math.max(a.length, b.length)) / Math.max(1, b.length);
}

const index = (name: string) => JSON.parse(fs.readFileSync(path.join(corpus, name, 'index.json'), 'utf8')) as { items: Record<string, unknown>[] };

console.log(`OCR benchmark (whole pipeline; engine ${engine}; CJK spacing removed)\n`);
console.log(`  page                                               lang     ${TURNS.map((t) => `CER ${String(t).padStart(3)}°`.padStart(10)).join(' ')}     ms`);
const cerByTurn = new Map<number, number[]>(TURNS.map((t) => [t, []]));
let chineseFound = 0;
let chineseWanted = 0;
for (const set of ['ocr-tesseract-test', 'ocr-tesseractjs-test', 'ocr-chinese']) {
  if (!fs.existsSync(path.join(corpus, set))) continue;
  for (const item of index(set).items) {
    const file = path.join(corpus, set, String(item.png ?? item.file));
    const want = (item.expected as { text?: string }).text;
    if (!want || !/\.(png|jpe?g|webp)$/i.test(file)) continue;
    const chinese = item.lang === 'chi_sim';
    const cers: string[] = [];
    let ms = 0;
    for (const turn of TURNS) {
      const r = await read(file, turn);
      if (!r) {
        cers.push('—'.padStart(10));
        continue;
      }
      const c = cer(r.text, want, chinese);
      cerByTurn.get(turn)!.push(c);
      cers.push(`${(c * 100).toFixed(1)}%`.padStart(10));
      if (turn === 0) {
        ms = r.timingsMs.total;
        if (chinese) {
          chineseWanted++;
          if (r.text.replace(/\s+/g, '').includes(want.replace(/\s+/g, ''))) chineseFound++;
        }
      }
    }
    console.log(`  ${`${set}/${path.basename(file)}`.padEnd(50)} ${String(item.lang).padEnd(8)} ${cers.join(' ')}  ${fmt(ms).padStart(5)}`);
  }
}
const mean = (v: number[]) => (v.length ? (100 * v.reduce((a, b) => a + b, 0)) / v.length : NaN);
console.log(`\n  mean CER: ${TURNS.map((t) => `${t}° ${mean(cerByTurn.get(t)!).toFixed(1)}%`).join(', ')}`);
console.log(`  Chinese test photos: expected string found ${chineseFound}/${chineseWanted}`);

// SROIE: are the key fields in what OCR read? (Exact strings after trimming, as SROIE scores.)
if (fs.existsSync(path.join(corpus, 'sroie'))) {
  const found = { company: 0, date: 0, address: 0, total: 0 };
  const ms: number[] = [];
  const items = index('sroie').items.slice(0, values.sroie ? Number(values.sroie) : undefined);
  for (const item of items) {
    const r = await read(path.join(corpus, 'sroie', String(item.file)));
    if (!r) continue;
    ms.push(r.timingsMs.total);
    const text = r.text.toUpperCase().replace(/\s+/g, ' ');
    const compact = text.replace(/\s+/g, '');
    const e = item.expected as Record<keyof typeof found, string>;
    for (const k of Object.keys(found) as (keyof typeof found)[]) {
      const want = (e[k] ?? '').toUpperCase().trim();
      if (want && (text.includes(want) || compact.includes(want.replace(/\s+/g, '')))) found[k]++;
    }
  }
  const n = items.length;
  const pct = (k: number) => `${((100 * k) / Math.max(1, n)).toFixed(0)}%`;
  console.log(`\n  SROIE receipts (${n}): key field found verbatim in the OCR text — company ${found.company}/${n}, date ${found.date}/${n} (${pct(found.date)}), address ${found.address}/${n}, total ${found.total}/${n} (${pct(found.total)}); median ${fmt(median(ms))} ms a receipt`);
}

// Chinese VAT invoices: fields our invoice extractor returns.
if (fs.existsSync(path.join(corpus, 'invoices-zh'))) {
  for (const item of index('invoices-zh').items) {
    const file = path.join(corpus, 'invoices-zh', String(item.file));
    if (!/\.(png|jpe?g|webp)$/i.test(file)) {
      console.log(`  ${path.basename(file)}: skipped (PDF; the station photographs paper)`);
      continue;
    }
    const r = await read(file);
    const e = item.expected as { total_incl_tax: string; date: string; payee: string; city: string };
    const inv = r?.invoice;
    const wantDate = e.date.replace(/(\d{4})年(\d{2})月(\d{2})日/, '$1-$2-$3');
    const total = inv?.totalFen != null ? (inv.totalFen / 100).toFixed(2) : null;
    console.log(
      `\n  ${path.basename(file)}: invoice ${inv ? 'recognised' : 'NOT recognised'}; total ${total ?? '—'} (want ${e.total_incl_tax}) ${total === e.total_incl_tax ? 'OK' : 'MISS'}; date ${inv?.date ?? '—'} (want ${wantDate}) ${inv?.date === wantDate ? 'OK' : 'MISS'}; payee "${e.payee}" ${r?.text.includes(e.payee) ? 'in text' : 'not in text'}; city "${e.city}" ${r?.text.includes(e.city) ? 'in text' : 'not in text'}`,
    );
  }
}
await service.close();
fs.rmSync(dir, { recursive: true, force: true });
