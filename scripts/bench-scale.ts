// The warehouse-scale benchmark (issue 11), for either engine: a fresh database seeded with a million
// orders, a hundred thousand holds and a million audit events, then scan-to-verdict without photos,
// the hold queue's filters, several stations inspecting at once and audit verification, each measured
// in a process of its own through ParcelGateService.call. It prints figures; it asserts nothing.
//
//   npm run bench:scale -- [--db FILE.db | --db postgres://owner@host:port/db [--station-db URL] | --pg-temp]
//       [--orders 1000000] [--holds 100000] [--events 1000000] [--stations 4]
//       [--scans 500] [--per-station 300] [--repeats 20] [--import-orders 1000000] [--keep] [--server]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { fmt, median, p95, type FigureRow } from './benchStats';
import { holdEvents, seedFillerEvents, seedHolds, seedOrders, STATIONS, type VerdictTemplate } from './benchScaleSeed';
import { describeTarget, openEngine, openService, parseTarget, refuseExisting, serviceDb, type Target } from './benchScaleTarget';
import { asUser, startPostgres, STATION_ROLE, type PgServer } from '../test/helpers/postgres';
import type { FromWorker, Job, JobResult, ToWorker } from './benchScaleWorker';
import type { Order } from '../shared/types';
import { SYSTEM } from '../shared/systemIdentities';
import type { ParcelGateService } from '../electron/main/service/service';
import { serverFigures } from './benchScaleServer';
import { importBesideStation, importFigureRows } from './benchScaleImport';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    'station-db': { type: 'string' },
    'pg-temp': { type: 'boolean', default: false },
    orders: { type: 'string', default: '1000000' },
    holds: { type: 'string', default: '100000' },
    events: { type: 'string', default: '1000000' },
    stations: { type: 'string', default: '4' },
    scans: { type: 'string', default: '500' },
    'per-station': { type: 'string', default: '300' },
    repeats: { type: 'string', default: '20' },
    pack: { type: 'string' },
    keep: { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
    'import-orders': { type: 'string', default: '1000000' },
  },
});
const count = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};
const ORDERS = count('orders');
const HOLDS = count('holds');
const EVENTS = count('events');
const STATION_COUNT = Math.max(1, count('stations'));
const SCANS = count('scans');
const PER_STATION = count('per-station');
const REPEATS = Math.max(1, count('repeats'));
const WARM = 20;
const PIN = '1234';
const ROOT = path.resolve(import.meta.dirname, '..');
const PACK = path.resolve(values.pack ?? path.join(ROOT, '..', 'shared', 'scenarios', 'public-01'));
const sys = { system: SYSTEM.bench };

if (HOLDS + WARM + SCANS + STATION_COUNT * PER_STATION > ORDERS) {
  throw new Error(`--orders ${ORDERS} is too few: the holds, the scans and the stations each need orders of their own`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-scale-'));
const dataDir = path.join(work, 'data');
if (values['pg-temp'] && values.db) throw new Error('--pg-temp starts a server of its own: give it or --db, not both');
// A throwaway server on disk (not in memory: a warehouse's worth of rows), its database migrated by its
// owner; the services sign in to it as the least-privilege station role, as the stations would.
let pgServer: PgServer | null = null;
let target: Target;
if (values['pg-temp']) {
  pgServer = await startPostgres({ root: os.tmpdir() });
  const owner = await pgServer.createDatabase();
  target = parseTarget(owner, asUser(owner, STATION_ROLE));
} else {
  target = parseTarget(values.db ?? path.join(work, 'scale.db'), values['station-db']);
  await refuseExisting(target);
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const thousands = (n: number) => n.toLocaleString('en-US');
const line = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

console.log(`Parcel Gate warehouse-scale benchmark on ${describeTarget(target)}`);
console.log(`  ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average (1, 5, 15 min) at start: ${load()}`);
console.log(`  ${thousands(ORDERS)} orders, ${thousands(HOLDS)} holds, ${thousands(EVENTS)} audit events, ${STATION_COUNT} stations`);

// ---- 1. setup through the service, as a warehouse would: the pack, people, shelves, real verdicts ----

async function call<T>(svc: ParcelGateService, channel: Parameters<ParcelGateService['call']>[0], req: unknown): Promise<T> {
  const r = await svc.call(channel, req, sys);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const packFile = (name: string) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(PACK, name))) });
const inspectors = Array.from({ length: STATION_COUNT }, (_, k) => `bench-insp-${k + 1}`);
const now = Date.now();
const tSetup = performance.now();
const setup = openService(serviceDb(target), dataDir);
const seedFacts = await (async () => {
  await call(setup, 'data:import', { brands: packFile('brands.json'), certificates: packFile('certificates.json'), orders: packFile('orders.csv') });
  for (const [name, role] of [['bench-admin', 'admin'], ['bench-sup', 'supervisor'], ...inspectors.map((n) => [n, 'inspector'])]) {
    await call(setup, 'users:add', { name, role, pin: PIN, locale: 'en' });
  }
  const shelves = Array.from({ length: 300 }, (_, k) => `H-${String(k + 1).padStart(3, '0')}`);
  await call(setup, 'shelves:import', { file: { name: 'shelves.csv', bytes: new TextEncoder().encode(['code', ...shelves].join('\n')) } });
  // Each pack order inspected once without photos: the verdicts (findings, brands, rules) seeded holds copy.
  const packOrders = (parse(fs.readFileSync(path.join(PACK, 'orders.csv'), 'utf8'), { columns: true }) as { tracking_no: string }[]).map((r) => r.tracking_no);
  const templates: Order[] = [];
  const verdicts: VerdictTemplate[] = [];
  let rulesetVersion = 0;
  for (const tracking of packOrders) {
    const order = await setup.storage.orderByTracking(tracking);
    if (!order) throw new Error(`pack order ${tracking} did not import`);
    const v = await call<{ findings: VerdictTemplate['findings']; notes: VerdictTemplate['notes']; brands: string[]; rulesetVersion: number; outcome: string }>(
      setup, 'parcel:inspect', { scan: tracking, photoIds: [] },
    );
    const history = await setup.storage.parcelHistory(tracking);
    templates.push(order);
    verdicts.push({ findings: v.findings, notes: v.notes, brands: v.brands, rules: history?.inspections.at(-1)?.rules ?? null });
    rulesetVersion = v.rulesetVersion;
  }
  const user = async (name: string) => {
    const u = await setup.storage.userByName(name);
    if (!u) throw new Error(`no user ${name}`);
    return { id: u.id, name: u.name };
  };
  return {
    templates,
    verdicts,
    rulesetVersion,
    shelves,
    supervisor: await user('bench-sup'),
    inspectors: await Promise.all(inspectors.map(user)),
  };
})();
await setup.close();
const setupMs = performance.now() - tSetup;

// ---- 2. bulk seeding through the Engine ------------------------------------------------------

console.log('\nSeeding (a fresh database; nothing is cached between runs)');
line('setup through the service (pack, users, shelves, verdicts)', secs(setupMs));
const engine = openEngine(target);
const tOrders = performance.now();
await seedOrders(engine, seedFacts.templates, ORDERS, HOLDS, now);
const ordersMs = performance.now() - tOrders;
line(`${thousands(ORDERS)} orders, multi-row INSERTs`, `${secs(ordersMs)}  (${thousands(Math.round(ORDERS / (ordersMs / 1000)))} rows/s)`);
const tHolds = performance.now();
await seedHolds(engine, { holds: HOLDS, now, rulesetVersion: seedFacts.rulesetVersion, verdicts: seedFacts.verdicts, inspectors: seedFacts.inspectors, supervisor: seedFacts.supervisor, shelves: seedFacts.shelves });
const holdsMs = performance.now() - tHolds;
line(`${thousands(HOLDS)} holds (parcel, inspection, hold, ${thousands(holdEvents(HOLDS))} events)`, `${secs(holdsMs)}  (${thousands(Math.round(HOLDS / (holdsMs / 1000)))} holds/s)`);
const head = Number((await engine.read.get<{ n: number | string }>('SELECT max(seq) AS n FROM audit_events'))?.n ?? 0);
const filler = Math.max(0, EVENTS - head);
const tFiller = performance.now();
await seedFillerEvents(engine, filler, now);
const fillerMs = performance.now() - tFiller;
line(`${thousands(filler)} more audit events, chained, multi-row INSERTs`, `${secs(fillerMs)}  (${thousands(Math.round(filler / Math.max(fillerMs / 1000, 1e-3)))} events/s)`);
if (head > EVENTS) console.log(`  (the holds alone wrote ${thousands(head)} events, more than --events ${thousands(EVENTS)})`);
line('seeding in all', secs(setupMs + ordersMs + holdsMs + fillerMs));
if (target.engine === 'sqlite') {
  const size = ['', '-wal'].map((s) => (fs.existsSync(target.file + s) ? fs.statSync(target.file + s).size : 0)).reduce((a, b) => a + b, 0);
  line('database file (with its WAL)', `${thousands(Math.round(size / 2 ** 20))} MiB`);
} else {
  // A live server's autovacuum gathers the planner's statistics as rows arrive; after a bulk load it
  // would get there a minute later, so the load ends with what it would do (SQLite has no such thing
  // and the app runs no ANALYZE, so a SQLite file is measured as the app leaves it).
  const tAnalyze = performance.now();
  await engine.read.exec('ANALYZE');
  line('ANALYZE (as autovacuum would after the load)', secs(performance.now() - tAnalyze));
  const size = Number((await engine.read.get<{ n: number }>('SELECT pg_database_size(current_database()) AS n'))?.n ?? 0);
  line('database on the server', `${thousands(Math.round(size / 2 ** 20))} MiB`);
}
await engine.close();

// ---- 3. measurements, each in a fresh process of its own --------------------------------------

const WORKER = path.join(import.meta.dirname, 'benchScaleWorker.ts');

interface Running {
  ready: Promise<void>;
  go(): void;
  result: Promise<JobResult>;
}

function start(job: Job): Running {
  const child = fork(WORKER, [JSON.stringify(job)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let ready!: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  const result = new Promise<JobResult>((resolve, reject) => {
    child.on('message', (m: FromWorker) => {
      if (m.type === 'ready') ready();
      else if (m.type === 'result') resolve(m.result);
      else reject(new Error(`${job.kind} worker: ${m.message}`));
    });
    child.on('exit', (code) => reject(new Error(`${job.kind} worker ended (exit code ${code}) without a result`)));
  });
  return { ready: readyP, go: () => child.send({ type: 'go' } satisfies ToWorker), result };
}

const base = { db: serviceDb(target), dataDir, pin: PIN };
const figures: FigureRow[] = [];
const ms1 = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);
const verdictOf = (value: number, goal: number) => (value <= goal ? 'met' : `MISSED (${(value / goal).toFixed(2)}×)`);

// Verification first, while the trail holds exactly the events seeded.
const verify = (await start({ ...base, kind: 'verify', user: 'bench-sup', station: 'Office' }).result) as Extract<JobResult, { kind: 'verify' }>;
figures.push({ what: `audit:verify, ${thousands(verify.events)} events (${verify.intact ? 'intact' : `BROKEN at ${verify.firstBroken}`})`, median: secs(verify.ms), p95: '', cpu: secs(verify.cpuMs), n: '1', goal: `≤5 s ${verdictOf(verify.ms, 5000)}`, load: load() });
figures.push({ what: `  peak RSS of its process ${verify.peakRssMiB} MiB (${verify.rssBeforeMiB} MiB before the call)`, median: '', p95: '', n: '', goal: '', load: '' });

// Scan-to-verdict: random orders no one has inspected yet, one signed-in inspector.
const free = { from: HOLDS, to: ORDERS - STATION_COUNT * PER_STATION };
const picks = new Set<number>();
while (picks.size < WARM + SCANS) picks.add(free.from + Math.floor(Math.random() * (free.to - free.from)));
const scan = (await start({ ...base, kind: 'scan', user: inspectors[0], station: STATIONS[0], picks: [...picks], warm: WARM }).result) as Extract<JobResult, { kind: 'scan' }>;
figures.push({ what: 'scan-to-verdict, no photos (parcel:inspect call)', median: ms1(median(scan.wallMs)), p95: ms1(p95(scan.wallMs)), cpu: ms1(median(scan.cpuMs)), n: `${scan.wallMs.length}`, goal: `≤5 ms ${verdictOf(median(scan.wallMs), 5)}`, load: load() });
figures.push({ what: '  of which the service timed (timingsMs.total)', median: ms1(median(scan.serviceMs)), p95: ms1(p95(scan.serviceMs)), n: `${scan.serviceMs.length}`, goal: '', load: '' });
figures.push({ what: '  of which storing (timingsMs.store)', median: ms1(median(scan.storeMs)), p95: ms1(p95(scan.storeMs)), n: `${scan.storeMs.length}`, goal: '', load: '' });

// The hold queue as a supervisor filters it (the contract's filters; sort defaults to expiry).
const filters: { name: string; req: Record<string, unknown> }[] = [
  { name: 'oldest first', req: { sort: 'oldest' } },
  { name: 'expires soonest', req: { sort: 'expiry' } },
  { name: 'expiring within 48 h', req: { expiresWithinHours: 48 } },
  { name: 'by reason (CHANNEL_NOT_APPROVED)', req: { reason: 'CHANNEL_NOT_APPROVED' } },
  { name: 'by brand (burberry)', req: { brand: 'burberry' } },
  { name: `by station (${STATIONS[6]})`, req: { station: STATIONS[6] } },
  { name: 'typed text: brand alias in Chinese', req: { brand: '博柏利' } },
  { name: 'typed text: inspector name', req: { inspector: inspectors[0].toUpperCase() } },
  { name: 'by shelf (H-017)', req: { location: 'H-017' } },
  { name: 'all holds, oldest first, page 400', req: { status: 'all', sort: 'oldest', page: { offset: 400 * 50, limit: 50 } } },
];
const queue = (await start({ ...base, kind: 'queue', user: 'bench-sup', station: 'Office', filters, repeats: REPEATS, warm: 2 }).result) as Extract<JobResult, { kind: 'queue' }>;
const queueLoad = load();
for (const f of queue.filters) {
  figures.push({ what: `holds:list ${f.name} → ${thousands(f.total)}`, median: ms1(median(f.ms)), p95: ms1(p95(f.ms)), cpu: ms1(median(f.cpuMs)), n: `${f.ms.length}`, goal: `≤100 ms ${verdictOf(median(f.ms), 100)}`, load: queueLoad });
}

// Stations at once: each its own process, service and signed-in inspector, all started together.
const stations = inspectors.map((user, k) =>
  start({ ...base, kind: 'station', user, station: STATIONS[k], from: ORDERS - (k + 1) * PER_STATION, count: PER_STATION }),
);
await Promise.all(stations.map((s) => s.ready));
for (const s of stations) s.go();
const results = (await Promise.all(stations.map((s) => s.result))) as Extract<JobResult, { kind: 'station' }>[];
const all = results.flatMap((r) => r.ms);
const elapsed = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
const failures = results.flatMap((r) => r.failures);
figures.push({
  what: `${STATION_COUNT} stations at once: ${thousands(all.length)} parcels in ${secs(elapsed)} = ${(all.length / (elapsed / 1000)).toFixed(1)} parcels/s`,
  median: ms1(median(all)), p95: ms1(p95(all)), n: `${all.length}`, goal: failures.length ? `${failures.length} FAILED` : '', load: load(),
});
for (const [k, r] of results.entries()) {
  figures.push({ what: `  ${STATIONS[k]}: ${(r.ms.length / ((r.endedAt - r.startedAt) / 1000)).toFixed(1)} parcels/s`, median: ms1(median(r.ms)), p95: ms1(p95(r.ms)), n: `${r.ms.length}`, goal: '', load: '' });
}

// --server: the same calls from station clients through the warehouse server (benchScaleServer.ts).
if (values.server) {
  const through = { ...base, supervisor: 'bench-sup', inspectors, stations: STATIONS, warm: WARM, filters, repeats: REPEATS };
  figures.push(...(await serverFigures({ ...through, free, taken: picks, scans: SCANS, perStation: PER_STATION, stationCount: STATION_COUNT, median, p95, load })));
}

// An import of new orders (after the server part, whose station clients must not wait on it) beside a station scanning every 50 ms (scripts/benchScaleImport.ts); --import-orders 0 skips it.
if (count('import-orders')) {
  const below = ORDERS - STATION_COUNT * PER_STATION;
  const station = { user: inspectors[0], pin: PIN, name: STATIONS[0], firstOrder: Math.max(HOLDS, below - 5000), lastOrder: below - 1 };
  figures.push(...importFigureRows(await importBesideStation({ db: serviceDb(target), dataDir, work, orders: count('import-orders'), station })));
}

console.log(`\n  ${'figure'.padEnd(62)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'CPU med.'.padStart(9)} ${'n'.padStart(5)}  ${'goal'.padEnd(26)} load (1, 5, 15 min)`);
for (const f of figures) console.log(`  ${f.what.padEnd(62)} ${f.median.padStart(9)} ${f.p95.padStart(9)} ${(f.cpu ?? '').padStart(9)} ${f.n.padStart(5)}  ${f.goal.padEnd(26)} ${f.load}`);
if (failures.length) console.log(`\n  station failures (first 5):\n    ${failures.slice(0, 5).join('\n    ')}`);
console.log(`\n  load average at the end: ${load()}. Times are wall time around ParcelGateService.call (${fmt(WARM)} warm-up calls not counted);`);
console.log(`  "CPU med." is the calling process's own CPU time, all its threads (what the call costs without waiting for a core${target.engine === 'postgres' ? ', the server\'s not included' : ''}).`);

// A database named with --db stays where it was asked for; a temporary file only with --keep; a
// throwaway server never (it stops with this process).
if (pgServer) {
  await pgServer.stop();
  console.log('  the throwaway PostgreSQL server (fsync, synchronous_commit and full_page_writes off) is stopped and its files removed');
} else if (values.db || values.keep) console.log(`  kept: ${describeTarget(target)}`);
if (values.keep && !values.db && !pgServer) console.log(`  its photo folder: ${dataDir}`);
else fs.rmSync(work, { recursive: true, force: true });
