// Reading speed and quality on a scenario pack: per photo kind, median and 95th percentile of
// barcodes, OCR (warm) and the whole read; a whole parcel read as the station does (photos in
// parallel); peak memory; tracking-barcode decode rate.   npm run bench:read [-- --pack DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ParcelGateService } from '../electron/main/service/service';
import { fmt, median, p95, trackPeakMemory } from './benchStats';

const { values } = parseArgs({ options: { pack: { type: 'string' }, rounds: { type: 'string' } } });
const pack = path.resolve(values.pack ?? path.join(import.meta.dirname, '..', '..', 'shared', 'scenarios', 'public-01'));
const parcels = JSON.parse(fs.readFileSync(path.join(pack, 'parcels.json'), 'utf8')) as { id: string; scan: string | null; photos: string[] }[];
const expected = new Map(
  (JSON.parse(fs.readFileSync(path.join(pack, 'expected.json'), 'utf8')) as { id: string; tracking: string }[]).map((e) => [e.id, e.tracking]),
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-read-'));
const memory = trackPeakMemory();

const boot = performance.now();
let service = new ParcelGateService({ dbFile: path.join(dir, 'b.db'), dataDir: path.join(dir, 'data') });
const sys = { system: 'bench' };
const call = async <T>(p: Promise<{ ok: boolean; value?: T; error?: { message: string } }>) => {
  const r = await p;
  if (!r.ok) throw new Error(r.error!.message);
  return r.value as T;
};
await call(service.call('data:import', {
  brands: { name: 'brands.json', bytes: new Uint8Array(fs.readFileSync(path.join(pack, 'brands.json'))) },
}, sys));
await service.warmUp();
const coldStart = performance.now() - boot;

const kindOf = (file: string) => /-(waybill|tag|invoice)\./.exec(file)?.[1] ?? 'other';
const perKind = new Map<string, { barcodes: number[]; ocr: number[]; total: number[] }>();
const parcelMs: number[] = [];
let waybills = 0;
let tracked = 0;
const misses: string[] = [];

// How long the main thread is ever blocked while reading: what IPC (the UI) would wait at worst.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const rounds = Number(values.rounds ?? 1);
for (let round = 0; round < rounds; round++) {
  if (round > 0) {
    // A new service: nothing cached, the pool started again (warm before timing).
    await service.close();
    service = new ParcelGateService({ dbFile: path.join(dir, 'b.db'), dataDir: path.join(dir, 'data') });
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
    const reads = await Promise.all(ids.map((x) => call<import('../shared/types').PhotoRead>(service.call('photo:read', { photoId: x.id }, sys))));
    parcelMs.push(performance.now() - t);
    reads.forEach((r, i) => {
      const kind = kindOf(ids[i].file);
      const k = perKind.get(kind) ?? { barcodes: [], ocr: [], total: [] };
      k.barcodes.push(r.timingsMs.barcodes);
      k.ocr.push(r.timingsMs.ocr);
      k.total.push(r.timingsMs.total);
      perKind.set(kind, k);
      if (kind === 'waybill' && round === 0) {
        waybills++;
        const want = expected.get(p.id);
        if (want && r.barcodes.some((b) => b.text === want)) tracked++;
        else misses.push(`${path.basename(ids[i].file)} (wanted ${want}, got ${r.barcodes.map((b) => b.text).join(', ') || 'no barcode'})`);
      }
    });
  }
}
loop.disable();
await service.close();
const peak = memory.stop();

console.log(`Read benchmark: ${pack}`);
console.log(`  ${parcels.length} parcels × ${rounds} round(s), ${os.availableParallelism()} cores, OCR workers ${service.ocr.size}`);
console.log(`  cold start (service + OCR pool): ${fmt(coldStart)} ms`);
console.log('\n  kind      photos  barcodes med/p95   OCR warm med/p95   whole read med/p95 (ms)');
for (const [kind, k] of [...perKind].sort()) {
  console.log(
    `  ${kind.padEnd(8)}  ${String(k.total.length).padStart(6)}  ${fmt(median(k.barcodes)).padStart(8)} / ${fmt(p95(k.barcodes)).padEnd(6)}  ${fmt(median(k.ocr)).padStart(8)} / ${fmt(p95(k.ocr)).padEnd(6)}  ${fmt(median(k.total)).padStart(8)} / ${fmt(p95(k.total))}`,
  );
}
console.log(`\n  whole parcel (2–3 photos read in parallel, warm): median ${fmt(median(parcelMs))} ms, p95 ${fmt(p95(parcelMs))} ms`);
console.log(`  tracking barcode decoded: ${tracked}/${waybills} waybill photos (${((100 * tracked) / Math.max(1, waybills)).toFixed(1)}%)`);
for (const m of misses) console.log(`    missed: ${m}`);
console.log(`  peak memory (RSS, incl. OCR workers): ${peak} MiB`);
console.log(`  main-thread stalls while reading: p99 ${fmt(loop.percentile(99) / 1e6)} ms, longest ${fmt(loop.max / 1e6)} ms`);
