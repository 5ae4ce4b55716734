// Reading speed on a scenario pack and the corpus pages: per photo kind (waybill, tag, invoice, the
// corpus's receipts and test pages), median and 95th percentile of decode, barcodes, text-line
// detection, the 0/180 classifier, line recognition, the tesseract re-read, fields, all OCR and the
// whole read (pack photos: from the station pass, one photo at a time as taken); the barcode stage
// on photos with no barcode; a whole parcel read with its photos in parallel; the verdict after the
// last photo as the station gets it (each photo read when taken, on a fresh service); cold start (worker + models) and each kind's first read; peak memory; the main
// thread's longest gaps while reading; tracking-barcode decode rate; the model floor (one detection
// and one recognition pass on the same photos in this process) and, where `tesseract` is installed,
// native Tesseract on them too. The machine is shared: the load average is printed with the figures.
//   npm run bench:read [-- --pack DIR] [--corpus DIR] [--engine ppocr|tesseract] [--rounds N] [--parcels N]
//                         [--sroie N] [--no-corpus] [--no-station] [--no-tesseract]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { ParcelGateService } from '../electron/main/service/service';
import { SYSTEM } from '../shared/systemIdentities';
import type { PhotoRead } from '../shared/types';
import { spawnSync } from 'node:child_process';
import { fmt, median, p95, trackPeakMemory } from './benchStats';
import { decodePhoto } from '../electron/main/reading/worker/readingCore';
import { defaultModelFiles, PpOcrEngine } from '../electron/main/reading/ppocr/ppocrEngine';

const { values } = parseArgs({
  options: {
    pack: { type: 'string' },
    corpus: { type: 'string' },
    rounds: { type: 'string' },
    engine: { type: 'string' },
    parcels: { type: 'string' },
    sroie: { type: 'string' },
    'no-corpus': { type: 'boolean' },
    'no-station': { type: 'boolean' },
    'no-tesseract': { type: 'boolean' },
  },
});
const pack = path.resolve(values.pack ?? path.join(import.meta.dirname, '..', '..', 'shared', 'scenarios', 'public-01'));
const corpus = path.resolve(values.corpus ?? path.join(import.meta.dirname, '..', '..', 'shared', 'corpus'));
const engine = values.engine === 'tesseract' ? 'tesseract' : 'ppocr';
const parcels = (JSON.parse(fs.readFileSync(path.join(pack, 'parcels.json'), 'utf8')) as { id: string; scan: string | null; photos: string[] }[]).slice(0, values.parcels ? Number(values.parcels) : undefined);
const expected = new Map(
  (JSON.parse(fs.readFileSync(path.join(pack, 'expected.json'), 'utf8')) as { id: string; tracking: string }[]).map((e) => [e.id, e.tracking]),
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-read-'));
const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const memory = trackPeakMemory();

/** The main thread's gaps: a 5 ms timer that notes how late each tick comes. */
function trackGaps() {
  let last = performance.now();
  let longest = 0;
  let over50 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    if (gap > longest) longest = gap;
    if (gap > 50) over50++;
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { longest, over50 };
    },
  };
}

const newService = () => new ParcelGateService({ dbFile: path.join(dir, 'b.db'), dataDir: path.join(dir, 'data'), ocrEngine: engine });
const boot = performance.now();
let service = newService();
const sys = { system: SYSTEM.bench };
const call = async <T>(p: Promise<{ ok: boolean; value?: T; error?: { message: string } }>) => {
  const r = await p;
  if (!r.ok) throw new Error(r.error!.message);
  return r.value as T;
};
const packFile = (name: string) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(pack, name))) });
// Orders and certificates too: the station pass asks for verdicts.
await call(service.call('data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') }, sys));
await service.warmUp();
const coldStart = performance.now() - boot;

/** Pack photos by the kind their name gives; corpus pages as receipts (SROIE) or test pages. */
const kindOf = (file: string) => /-(waybill|tag|invoice)\./.exec(file)?.[1] ?? (file.includes(`${path.sep}sroie${path.sep}`) ? 'receipt' : 'page');
type Figures = { decode: number[]; barcodes: number[]; detect: number[]; classify: number[]; recognise: number[]; reread: number[]; fields: number[]; ocr: number[]; total: number[] };
const perKind = new Map<string, Figures>();
/** The first read of each kind after the service started: cold (its code paths and caches not yet warm). */
const coldPerKind = new Map<string, number>();
const note = (kind: string, r: PhotoRead) => {
  if (!coldPerKind.has(kind)) coldPerKind.set(kind, r.timingsMs.total);
  const k = perKind.get(kind) ?? { decode: [], barcodes: [], detect: [], classify: [], recognise: [], reread: [], fields: [], ocr: [], total: [] };
  k.classify.push(r.timingsMs.classify ?? NaN);
  if (!r.barcodes.length) noBarcode.push({ kind, ms: r.timingsMs.barcodes });
  k.reread.push(r.timingsMs.reread ?? NaN);
  k.fields.push(r.timingsMs.fields ?? NaN);
  k.decode.push(r.timingsMs.decode);
  k.barcodes.push(r.timingsMs.barcodes);
  k.detect.push(r.timingsMs.detect ?? NaN);
  k.recognise.push(r.timingsMs.recognise ?? NaN);
  k.ocr.push(r.timingsMs.ocr);
  k.total.push(r.timingsMs.total);
  perKind.set(kind, k);
};
const parcelMs: number[] = [];
/** The barcode stage's cost on photos where it found nothing. */
const noBarcode: { kind: string; ms: number }[] = [];
let waybills = 0;
let tracked = 0;
let firstRead: number | null = null;
const misses: string[] = [];

// The same gap measure with nothing to do, warm worker idle: on a loaded machine the process itself
// waits for a core, and that is not the main thread being blocked.
const idle = trackGaps();
await new Promise((r) => setTimeout(r, 3000));
const idleGap = idle.stop();

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const gaps = trackGaps();
const elu0 = perf.eventLoopUtilization();
const rounds = Number(values.rounds ?? 1);
for (let round = 0; round < rounds; round++) {
  if (round > 0) {
    // A new service: nothing cached, the worker started again (warm before timing).
    await service.close();
    service = newService();
    await service.warmUp();
  }
  for (const p of parcels) {
    const ids: { id: string; file: string }[] = [];
    for (const ph of p.photos) {
      const file = path.join(pack, ph);
      const added = await call<{ photoId: string }>(service.call('photo:add', { bytes: new Uint8Array(fs.readFileSync(file)), name: path.basename(file) }, sys));
      ids.push({ id: added.photoId, file });
    }
    const t = performance.now();
    const reads = await Promise.all(ids.map((x) => call<PhotoRead>(service.call('photo:read', { photoId: x.id }, sys))));
    parcelMs.push(performance.now() - t);
    firstRead ??= reads[0].timingsMs.total;
    reads.forEach((r, i) => {
      const kind = kindOf(ids[i].file);
      // Per-photo figures come from the station pass below (one photo at a time, as taken); here
      // the parcel's photos share the process and each one's stages include the others' waiting.
      if (values['no-station']) note(kind, r);
      if (kind === 'waybill' && round === 0) {
        waybills++;
        const want = expected.get(p.id);
        if (want && r.barcodes.some((b) => b.text === want)) tracked++;
        else misses.push(`${path.basename(ids[i].file)} (wanted ${want}, got ${r.barcodes.map((b) => b.text).join(', ') || 'no barcode'})`);
      }
    });
  }
}
// Corpus pages (test pages, Chinese photos, a few receipts), one at a time.
const corpusFiles: string[] = [];
for (const set of ['ocr-tesseract-test', 'ocr-tesseractjs-test', 'ocr-chinese']) {
  if (!fs.existsSync(path.join(corpus, set))) continue;
  for (const f of fs.readdirSync(path.join(corpus, set)).sort()) if (/\.(png|jpe?g)$/i.test(f)) corpusFiles.push(path.join(corpus, set, f));
}
if (fs.existsSync(path.join(corpus, 'sroie'))) {
  corpusFiles.push(...fs.readdirSync(path.join(corpus, 'sroie')).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, Number(values.sroie ?? 8)).map((f) => path.join(corpus, 'sroie', f)));
}
for (const file of values['no-corpus'] ? [] : corpusFiles) {
  const added = await call<{ photoId: string }>(service.call('photo:add', { bytes: new Uint8Array(fs.readFileSync(file)), name: path.basename(file) }, sys));
  note(kindOf(file), await call<PhotoRead>(service.call('photo:read', { photoId: added.photoId }, sys)));
}
const gap = gaps.stop();
const elu = perf.eventLoopUtilization(elu0);
loop.disable();
const info = await call<{ ocr: { engine: string | null; workers: number } }>(service.call('app:info', {}, sys));
await service.close();
const peak = memory.stop();

// The station: each photo is read as it is taken (the inspector's next photo overlaps the read),
// Enter asks for the verdict from the reads already done. Measured from the last photo taken to the
// verdict, on a fresh service (no read cached from above), warm.
const verdictMs: number[] = [];
if (!values['no-station']) {
  service = newService();
  await service.warmUp();
  for (const p of parcels) {
    const ids: string[] = [];
    for (const ph of p.photos) {
      const added = await call<{ photoId: string }>(service.call('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(pack, ph))), name: path.basename(ph) }, sys));
      ids.push(added.photoId);
    }
    for (const [i, id] of ids.slice(0, -1).entries()) note(kindOf(p.photos[i]), await call<PhotoRead>(service.call('photo:read', { photoId: id }, sys)));
    const t = performance.now();
    note(kindOf(p.photos[ids.length - 1]), await call<PhotoRead>(service.call('photo:read', { photoId: ids[ids.length - 1] }, sys)));
    await call(service.call('parcel:inspect', { scan: p.scan, photoIds: ids }, sys));
    verdictMs.push(performance.now() - t);
  }
  await service.close();
}

// The model floor: the same pack photos decoded as the reading process does, one detection pass and
// one recognition pass of its boxes, in this process with nothing else (no barcodes, orientation,
// re-reads or fields). Ours ÷ floor says what the rest of the read costs.
const packFiles = parcels.flatMap((p) => p.photos.map((ph) => path.join(pack, ph)));
const floorMs: number[] = [];
if (engine === 'ppocr') {
  const model = await PpOcrEngine.load(defaultModelFiles());
  for (const file of packFiles) {
    const photo = await decodePhoto(new Uint8Array(fs.readFileSync(file)), path.basename(file));
    const gray = { data: new Uint8ClampedArray(photo.gray.buffer, photo.gray.byteOffset, photo.width * photo.height), width: photo.width, height: photo.height };
    const t = performance.now();
    await model.recognise(gray, await model.detect(gray));
    floorMs.push(performance.now() - t);
  }
  await model.close();
}
// Native Tesseract on the same photos, one thread (its default threads fight for 2 shared cores).
const tesseractMs: number[] = [];
const hasTesseract = !values['no-tesseract'] && spawnSync('tesseract', ['--version']).status === 0;
let tesseractFailed = 0;
if (hasTesseract) {
  for (const file of packFiles) {
    const t = performance.now();
    const run = spawnSync('tesseract', [file, '-', '-l', 'eng+chi_sim'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    if (run.status === 0) tesseractMs.push(performance.now() - t);
    else tesseractFailed++;
  }
}
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

console.log(`Read benchmark: ${pack} and ${values['no-corpus'] ? 0 : corpusFiles.length} corpus pages`);
console.log(`  engine ${info.ocr.engine} (reading worker, ${info.ocr.workers} tesseract worker(s)), ${parcels.length} parcels × ${rounds} round(s), ${os.availableParallelism()} cores, load average (1 / 5 / 15 min) at start ${loadAtStart}, at the end ${load()}`);
console.log(`  cold start (service + reading worker + models): ${fmt(coldStart)} ms; first photo read: ${fmt(firstRead ?? NaN)} ms`);
console.log('\n  warm, per stage (ms, median / p95); "classify" is the 0/180 line classifier, "fields" is brands, invoice and waybill from the text');
console.log('  kind     photos  decode      barcodes     detect       classify     recognise    re-read      fields       OCR all      whole read   cold (first)');
const col = (v: number[]) => `${fmt(median(v)).padStart(5)} / ${fmt(p95(v)).padEnd(5)}`;
for (const [kind, k] of [...perKind].sort()) {
  console.log(`  ${kind.padEnd(8)} ${String(k.total.length).padStart(6)}  ${col(k.decode)} ${col(k.barcodes)} ${col(k.detect)} ${col(k.classify)} ${col(k.recognise)} ${col(k.reread)} ${col(k.fields)} ${col(k.ocr)} ${col(k.total)} ${fmt(coldPerKind.get(kind) ?? NaN).padStart(6)}`);
}
const all = [...perKind].filter(([kind]) => ['waybill', 'tag', 'invoice'].includes(kind)).flatMap(([, k]) => k.total);
console.log(`\n  pack photos, whole read (warm): median ${fmt(median(all))} ms, p95 ${fmt(p95(all))} ms`);
console.log(`  whole parcel (2–3 photos read in parallel, warm): median ${fmt(median(parcelMs))} ms, p95 ${fmt(p95(parcelMs))} ms`);
if (verdictMs.length) console.log(`  station, verdict after the last photo (each photo read when taken, warm): median ${fmt(median(verdictMs))} ms, p95 ${fmt(p95(verdictMs))} ms`);
const none = noBarcode.map((x) => x.ms);
const noneKinds = [...new Set(noBarcode.map((x) => x.kind))].sort().map((k) => `${k} ${noBarcode.filter((x) => x.kind === k).length}`).join(', ');
console.log(`  barcode stage on photos with no barcode found (${none.length}: ${noneKinds || 'none'}): median ${fmt(median(none))} ms, p95 ${fmt(p95(none))} ms`);
if (floorMs.length) console.log(`  model floor (one detection + one recognition pass, same photos, this process): median ${fmt(median(floorMs))} ms, p95 ${fmt(p95(floorMs))} ms; ours ÷ floor ${(median(all) / median(floorMs)).toFixed(2)}`);
if (hasTesseract) {
  console.log(
    `  native Tesseract 5 (eng+chi_sim, OMP_THREAD_LIMIT=1, whole photo file), same ${tesseractMs.length} photos${tesseractFailed ? ` (${tesseractFailed} failed)` : ''}: median ${fmt(median(tesseractMs))} ms, p95 ${fmt(p95(tesseractMs))} ms; ours ÷ Tesseract ${(median(all) / median(tesseractMs)).toFixed(2)}`,
  );
} else console.log(`  native Tesseract: ${values['no-tesseract'] ? 'skipped (--no-tesseract)' : 'not installed here (apt tesseract-ocr)'}, no comparison`);
console.log(`  tracking barcode decoded: ${tracked}/${waybills} waybill photos (${((100 * tracked) / Math.max(1, waybills)).toFixed(1)}%)`);
for (const m of misses) console.log(`    missed: ${m}`);
console.log(`  peak memory (RSS of the process, reading worker included): ${peak} MiB`);
console.log(`  main thread while reading: longest gap ${fmt(gap.longest)} ms, gaps over 50 ms: ${gap.over50}; event-loop delay p99 ${fmt(loop.percentile(99) / 1e6)} ms, max ${fmt(loop.max / 1e6)} ms; busy ${(100 * elu.utilization).toFixed(1)}% of the time`);
console.log(`  main thread idle, same machine (baseline, 3 s): longest gap ${fmt(idleGap.longest)} ms, gaps over 50 ms: ${idleGap.over50}`);
fs.rmSync(dir, { recursive: true, force: true });
