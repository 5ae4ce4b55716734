// Inspection speed: scan-to-verdict with no photos at a million orders, photos-to-verdict per
// parcel of a scenario pack, and batch throughput.   npm run bench:inspect [-- --orders N --pack DIR]
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParcelGateService } from '../electron/main/service/service';
import { SYSTEM } from '../shared/systemIdentities';
import { appendAuditSync } from '../electron/main/db/audit';
import { registerSqliteFunctions } from '../electron/main/db/sqliteFunctions';
import { fmt, median, p95 } from './benchStats';

const { values } = parseArgs({ options: { orders: { type: 'string' }, pack: { type: 'string' }, scans: { type: 'string' }, only: { type: 'string' } } });
const ORDERS = Number(values.orders ?? 1_000_000);
const SCANS = Number(values.scans ?? 500);
const pack = path.resolve(values.pack ?? path.join(import.meta.dirname, '..', '..', 'shared', 'scenarios', 'public-01'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-inspect-'));
const dbFile = path.join(dir, 'big.db');
const sys = { system: SYSTEM.bench };

// 1. A database with a million orders (bulk-inserted: the import path is measured elsewhere).
let service = new ParcelGateService({ dbFile, dataDir: path.join(dir, 'data') });
const importPack = async (s: ParcelGateService) => {
  const f = (n: string) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(pack, n))) });
  const r = await s.call('data:import', { brands: f('brands.json'), certificates: f('certificates.json'), orders: f('orders.csv') }, sys);
  if (!r.ok) throw new Error(r.error.message);
};
// `--only queue` measures the hold queue alone (no OCR, no million orders).
if (values.only !== 'queue') {
  await importPack(service);
  await service.close();
  const t0 = performance.now();
  const db = new Database(dbFile);
  const insert = db.prepare(
    `INSERT INTO order_versions (order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name, seller_tax_id, purchase_date, amount_fen, updated_at)
     VALUES (?, ?, 'C1', '收纳盒', NULL, 'household', 'TAOBAO', 'shop-1', '上海生活百货铺', NULL, '2026-10-01', 12900, '2026-11-01T00:00:00Z')`,
  );
  db.transaction(() => {
    for (let i = 0; i < ORDERS; i++) insert.run(`BENCH${i}`, `BX${String(i).padStart(12, '0')}`);
  })();
  db.close();
  console.log(`Inspect benchmark: ${ORDERS.toLocaleString()} extra orders inserted in ${fmt(performance.now() - t0)} ms`);

  // 2. Scan to verdict, no photos: order look-up, rules, one write transaction with hold and audit event.
  service = new ParcelGateService({ dbFile, dataDir: path.join(dir, 'data') });
  const scanMs: number[] = [];
  for (let i = 0; i < SCANS; i++) {
    const n = Math.floor(Math.random() * ORDERS);
    const t = performance.now();
    const r = await service.call('parcel:inspect', { scan: `BX${String(n).padStart(12, '0')}`, photoIds: [] }, sys);
    scanMs.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error.message);
  }
  console.log(`  scan-to-verdict, no photos, ${SCANS} scans: median ${median(scanMs).toFixed(2)} ms, p95 ${p95(scanMs).toFixed(2)} ms`);

  // 3. Photos to verdict per parcel of the pack (photos stored first, as the station does; reads not cached).
  await service.warmUp();
  const parcels = JSON.parse(fs.readFileSync(path.join(pack, 'parcels.json'), 'utf8')) as { id: string; scan: string | null; photos: string[] }[];
  const photoMs: number[] = [];
  for (const p of parcels) {
    const ids: string[] = [];
    for (const ph of p.photos) {
      const r = await service.call('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(pack, ph))), name: path.basename(ph) }, sys);
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.value.photoId);
    }
    const t = performance.now();
    const r = await service.call('parcel:inspect', { scan: p.scan, photoIds: ids }, sys);
    photoMs.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error.message);
  }
  await service.close();
  console.log(`  photos-to-verdict per parcel (${parcels.length} parcels, warm OCR): median ${fmt(median(photoMs))} ms, p95 ${fmt(p95(photoMs))} ms`);

  // 4. Batch throughput through the command line, on a fresh database.
  const batchDb = path.join(dir, 'batch.db');
  const tsx = path.join(import.meta.dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const cliMain = path.join(import.meta.dirname, '..', 'electron', 'cli', 'main.ts');
  spawnSync(process.execPath, [tsx, cliMain, '--db', batchDb, 'import', '--brands', path.join(pack, 'brands.json'), '--certificates', path.join(pack, 'certificates.json'), '--orders', path.join(pack, 'orders.csv')]);
  const b = spawnSync(process.execPath, [tsx, cliMain, '--db', batchDb, 'batch', '--parcels', path.join(pack, 'parcels.json'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const summary = JSON.parse(b.stdout.trim().split('\n').pop()!).summary;
  console.log(`  batch: ${summary.parcels} parcels in ${summary.seconds} s including OCR start-up = ${summary.parcelsPerMinute} parcels/minute`);
  fs.rmSync(dir, { recursive: true, force: true });

}

// 5. The hold queue with 100,000 holds: the filters a supervisor uses, on a fresh database.
{
  const HOLDS = Number(process.env.BENCH_HOLDS ?? 100_000);
  const qdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-bench-holds-'));
  const qdb = path.join(qdir, 'holds.db');
  const svc = new ParcelGateService({ dbFile: qdb, dataDir: path.join(qdir, 'data') });
  await importPack(svc);
  await svc.call('users:add', { name: 'insp', role: 'inspector', pin: '1234' }, sys);
  await svc.close();
  const raw = new Database(qdb);
  registerSqliteFunctions(raw); // the audit chain's hash trigger calls sha256_hex
  const user = (raw.prepare("SELECT id FROM users WHERE name = 'insp'").get() as { id: number }).id;
  // A ruleset row only right after its activation event (migration 13).
  raw.transaction(() => {
    appendAuditSync(raw, { actor: 'bench', action: 'ruleset.activate', entityType: 'ruleset', entityId: '1' }, '2026-01-01T00:00:00.000Z');
    raw.prepare("INSERT INTO rulesets (version, created_at, definition, active) VALUES (1, '2026-01-01', '{}', 1)").run();
  })();
  const reasons = ['BRAND_UNDECLARED', 'CHANNEL_NOT_APPROVED', 'UNREADABLE', 'STORE_NOT_OFFICIAL', 'BRAND_LOOKALIKE'];
  const brands = ['nike', 'burberry', 'muji', 'goodsmile'];
  const t1 = performance.now();
  raw.transaction(() => {
    const parcel = raw.prepare("INSERT INTO parcels (tracking_no, status, created_at, updated_at) VALUES (?, 'NEW', ?, ?)");
    const insp = raw.prepare(`INSERT INTO inspections (parcel_id, station, inspector_id, started_at, finished_at, outcome, reasons, ruleset_version, findings_json, reads_json, brands_json, timings_json)
      VALUES (?, ?, ?, ?, ?, 'HOLD', ?, 1, ?, '[]', ?, '{}')`);
    const hold = raw.prepare("INSERT INTO holds (parcel_id, inspection_id, status, reasons, location, created_at, station, inspector_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    const hr = raw.prepare('INSERT INTO hold_reasons (hold_id, code) VALUES (?, ?)');
    const decision = raw.prepare("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, 'RELEASE', 'bench', ?, ?)");
    const release = raw.prepare("UPDATE holds SET status = 'RELEASED', decided_at = ?, decided_by = ?, decision_reason = 'bench' WHERE id = ?");
    const hb = raw.prepare('INSERT INTO hold_brands (hold_id, brand_id) VALUES (?, ?)');
    for (let i = 0; i < HOLDS; i++) {
      const at = new Date(Date.now() - i * 60_000).toISOString();
      const code = reasons[i % reasons.length];
      const brand = brands[i % brands.length];
      const station = `S${(i % 12) + 1}`;
      const p = Number(parcel.run(`HQ${String(i).padStart(10, '0')}`, at, at).lastInsertRowid);
      const ins = Number(insp.run(p, station, user, at, at, code, JSON.stringify([{ code, message: `${code} message`, messageZh: '原因', evidence: [] }]), JSON.stringify([brand])).lastInsertRowid);
      const h = Number(hold.run(p, ins, 'OPEN', code, `B-${i % 300}`, at, station, user).lastInsertRowid);
      if (i % 10 === 0) {
        // Decided the only way the database allows: the audit event, its decision, then the hold.
        appendAuditSync(raw, { actor: 'insp', action: 'hold.release', entityType: 'parcel', entityId: `HQ${String(i).padStart(10, '0')}`, details: { holdId: h } }, at);
        decision.run(h, user, at);
        release.run(at, user, h);
      }
      hr.run(h, code);
      hb.run(h, brand);
    }
  })();
  raw.close();
  const q = new ParcelGateService({ dbFile: qdb, dataDir: path.join(qdir, 'data') });
  const cases: [string, Record<string, unknown>][] = [
    ['undecided, oldest first', { sort: 'oldest' }],
    ['undecided, expires soonest (clocks)', {}],
    ['expiring within 48 h', { expiresWithinHours: 48 }],
    ['by reason', { reason: 'BRAND_LOOKALIKE' }],
    ['by brand', { brand: 'burberry' }],
    ['by station', { station: 'S7' }],
    ['by inspector', { inspector: 'insp' }],
    ['by location', { location: 'B-17' }],
    ['older than 48 h', { minAgeHours: 48 }],
    ['reason + brand + station, page 40', { reason: 'UNREADABLE', brand: 'muji', station: 'S3', page: { offset: 40 * 50, limit: 50 } }],
  ];
  console.log(`  hold queue with ${HOLDS.toLocaleString()} holds (built in ${fmt(performance.now() - t1)} ms):`);
  for (const [name, req] of cases) {
    const ms: number[] = [];
    let total = 0;
    for (let k = 0; k < 20; k++) {
      const t = performance.now();
      const r = await q.call('holds:list', req, sys);
      ms.push(performance.now() - t);
      if (!r.ok) throw new Error(r.error.message);
      total = r.value.total;
    }
    console.log(`    ${name.padEnd(36)} median ${median(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms (${total.toLocaleString()} matching)`);
  }
  await q.close();
  fs.rmSync(qdir, { recursive: true, force: true });
}
