// The import-beside-a-station part of the warehouse-scale benchmark (issue 23): a file of N new orders
// imported through the service (`data:import`, as the admin screen and the command line do) in a
// process of its own, while a station in another process inspects a parcel every 50 ms. Prints the
// import's wall time, CPU and peak memory, and the station's waits (longest, p99, median, errors)
// during the import and before it. bench-scale.ts calls importBesideStation(); this file is also the
// two child processes (run with BENCH_SCALE_IMPORT_ROLE set).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { benchTracking } from './benchScaleSeed';
import { openService } from './benchScaleTarget';
import { SYSTEM } from '../shared/systemIdentities';
import type { FigureRow } from './benchStats';

const ROLE_ENV = 'BENCH_SCALE_IMPORT_ROLE';
/** A station scans a parcel this often (a busy packing line), whether or not the last one has answered. */
const TICK_MS = 50;
/** Station calls before the import starts: its waits with no import beside it. */
const QUIET_CALLS = 40;

export interface ImportBesideStation {
  db: string;
  dataDir: string;
  work: string;
  /** Orders in the imported file (all new). */
  orders: number;
  station: { user: string; pin: string; name: string; firstOrder: number; lastOrder: number };
}

export interface ImportFigures {
  importMs: number;
  importCpuMs: number;
  peakRssMiB: number;
  inserted: number;
  fileMiB: number;
  quiet: number[];
  during: number[];
  /** The longest a station call waited for its answer during the import. */
  longestGapMs: number;
  errors: string[];
  load: string;
}

type Child = { type: 'ready' } | { type: 'result'; value: unknown } | { type: 'failed'; message: string };

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A file of `n` new orders, streamed to disk (the file is what a shop's export would be). */
async function writeOrdersFile(file: string, n: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny,delivery_date\n');
  const channels = ['TAOBAO', 'TMALL_FLAGSHIP', 'JD_SELF_OPERATED', 'PINDUODUO'];
  let buf = '';
  for (let i = 0; i < n; i++) {
    const day = 1 + (i % 28);
    buf += `IMP${String(i).padStart(9, '0')},BI${String(i).padStart(12, '0')},C${(i * 7919) % 100_000},"运动鞋, 42码",${i % 3 ? 'nike' : ''},footwear,${channels[i % 4]},shop-${i % 500},店铺${i % 500},,2026-11-${String(day).padStart(2, '0')},${100 + (i % 900)}.00,${i % 2 ? '' : `2026-12-${String(Math.min(day + 2, 28)).padStart(2, '0')}`}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function start(role: 'station' | 'import', job: unknown) {
  const child = fork(import.meta.filename, [JSON.stringify(job)], { execArgv: ['--import', 'tsx'], env: { ...process.env, [ROLE_ENV]: role }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const result = new Promise<unknown>((resolve, reject) => {
    child.on('message', (m: Child) => {
      if (m.type === 'ready') ready();
      else if (m.type === 'result') resolve(m.value);
      else reject(new Error(`${role}: ${m.message}`));
    });
    child.on('exit', (code) => reject(new Error(`${role} process ended (exit code ${code}) without a result`)));
  });
  return { ready: readyP, send: (m: string) => child.send(m), result };
}

/** Wall-clock instant comparable across processes. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Runs the import beside a station and returns what both saw. */
export async function importBesideStation(o: ImportBesideStation): Promise<ImportFigures> {
  const file = path.join(o.work, 'import-orders.csv');
  await writeOrdersFile(file, o.orders);
  const station = start('station', { db: o.db, dataDir: o.dataDir, ...o.station });
  const importer = start('import', { db: o.db, dataDir: o.dataDir, file });
  await Promise.all([station.ready, importer.ready]);
  station.send('go');
  // The station's quiet calls first, then the import; the station stops when the import has answered.
  await new Promise<void>((resolve) => setTimeout(resolve, QUIET_CALLS * TICK_MS));
  importer.send('go');
  const imp = (await importer.result) as { ms: number; cpuMs: number; peakRssMiB: number; inserted: number; startedAt: number; endedAt: number };
  const figuresLoad = load();
  station.send('stop');
  const st = (await station.result) as { calls: { at: number; ms: number; error?: string }[] };
  const fileMiB = Math.round(fs.statSync(file).size / 2 ** 20);
  fs.rmSync(file, { force: true });
  const quiet = st.calls.filter((c) => !c.error && c.at + c.ms < imp.startedAt).map((c) => c.ms);
  // A call during the import: it was waiting or running while the import ran.
  const during = st.calls.filter((c) => !c.error && c.at + c.ms >= imp.startedAt && c.at <= imp.endedAt).map((c) => c.ms);
  return {
    importMs: imp.ms, importCpuMs: imp.cpuMs, peakRssMiB: imp.peakRssMiB, inserted: imp.inserted, fileMiB,
    quiet, during, longestGapMs: Math.max(0, ...during), errors: st.calls.filter((c) => c.error).map((c) => c.error!), load: figuresLoad,
  };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);

/** The figures as rows of bench-scale's table: the import (goal ≤30 s), then the station beside it (longest wait <1 s). */
export function importFigureRows(f: ImportFigures): FigureRow[] {
  const n = f.inserted.toLocaleString('en-US');
  const importGoal = f.importMs <= 30_000 ? 'met' : `MISSED (${(f.importMs / 30_000).toFixed(2)}×)`;
  const waitGoal = f.longestGapMs < 1000 ? 'met' : `MISSED (${(f.longestGapMs / 1000).toFixed(2)}×)`;
  return [
    { what: `import of ${n} orders (data:import, ${f.fileMiB} MiB file)`, median: `${(f.importMs / 1000).toFixed(1)} s`, p95: '', cpu: `${(f.importCpuMs / 1000).toFixed(1)} s`, n: '1', goal: `≤30 s ${importGoal}`, load: f.load },
    { what: `  peak RSS of its process ${f.peakRssMiB} MiB`, median: '', p95: '', n: '', goal: '', load: '' },
    { what: `  a station beside it, one scan / ${TICK_MS} ms: longest wait ${ms(f.longestGapMs)}, p99 ${ms(pct(f.during, 99))}`, median: ms(pct(f.during, 50)), p95: ms(pct(f.during, 95)), n: `${f.during.length}`, goal: `<1 s ${waitGoal}${f.errors.length ? `, ${f.errors.length} ERRORS` : ''}`, load: '' },
    { what: `  the same station before the import: longest ${ms(Math.max(...f.quiet))}`, median: ms(pct(f.quiet, 50)), p95: ms(pct(f.quiet, 95)), n: `${f.quiet.length}`, goal: '', load: '' },
    ...f.errors.slice(0, 3).map((e) => ({ what: `  station error: ${e.slice(0, 100)}`, median: '', p95: '', n: '', goal: '', load: '' })),
  ];
}

// ---- the child processes ----------------------------------------------------------------------

const send = (m: Child) => process.send!(m);
const message = () => new Promise<string>((resolve) => process.once('message', (m: string) => resolve(m)));

/**
 * The station: a parcel scanned every TICK_MS, each answer's wait timed from the scan. A call that
 * waits longer than a tick delays the next scan (a person waits for the answer), never piles them up.
 */
async function stationChild(job: { db: string; dataDir: string; user: string; pin: string; name: string; firstOrder: number; lastOrder: number }) {
  const service = openService(job.db, job.dataDir);
  try {
    const r = await service.call('session:signIn', { name: job.user, pin: job.pin, station: job.name });
    if (!r.ok) throw new Error(`sign-in: ${r.error.message}`);
    await service.warmUp().catch(() => undefined);
    const token = r.value.token;
    send({ type: 'ready' });
    await message();
    let stop = false;
    void message().then(() => (stop = true));
    const calls: { at: number; ms: number; error?: string }[] = [];
    let next = performance.now();
    for (let i = job.firstOrder; !stop && i <= job.lastOrder; i++) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      const at = wallNow();
      const t = performance.now();
      const got = await service.call('parcel:inspect', { scan: benchTracking(i), photoIds: [] }, { token });
      const ms = performance.now() - t;
      calls.push(got.ok ? { at, ms } : { at, ms, error: `${benchTracking(i)}: ${got.error.code} ${got.error.message}` });
      next = Math.max(next + TICK_MS, performance.now());
    }
    return { calls };
  } finally {
    await service.close();
  }
}

async function importChild(job: { db: string; dataDir: string; file: string }) {
  const service = openService(job.db, job.dataDir);
  try {
    // A first call opens the database (and migrates nothing: it is migrated), so it is not timed.
    await service.call('users:list', {}, { system: SYSTEM.bench });
    send({ type: 'ready' });
    await message();
    const cpu = process.cpuUsage();
    const startedAt = wallNow();
    const t = performance.now();
    // As the command line does: the file's bytes, then the service.
    const bytes = new Uint8Array(fs.readFileSync(job.file));
    const r = await service.call('data:import', { orders: { name: path.basename(job.file), bytes } }, { system: SYSTEM.bench });
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (!r.ok) throw new Error(`data:import: ${r.error.code} ${r.error.message}`);
    return { ms, startedAt, endedAt: wallNow(), cpuMs: (used.user + used.system) / 1000, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), inserted: r.value.files[0].inserted };
  } finally {
    await service.close();
  }
}

const role = process.env[ROLE_ENV];
if (role) {
  let last: Child;
  try {
    const job = JSON.parse(process.argv[2]) as never;
    last = { type: 'result', value: role === 'station' ? await stationChild(job) : await importChild(job) };
  } catch (e) {
    last = { type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    process.exitCode = 1;
  }
  process.send!(last, () => process.disconnect());
}
