// How long a station backup, its verification and a restore take on a station with N inspections (one
// photo each): `npm run bench:backup -- [N]` (default 2000). Prints the figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { takeBackup, verifyBackup } from '../electron/main/db/backup';
import { restoreBackup } from '../electron/main/db/restore';
import { SqliteStorage } from '../electron/main/db/sqliteStorage';
import { inspectOne, seedStation } from './stationSeed';

const n = Number(process.argv[2] ?? 2000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcel-gate-bench-backup-'));
const dbFile = path.join(dir, 'station.db');
const evidenceDir = path.join(dir, 'data', 'evidence');
const folder = path.join(dir, 'backups');
const ms = (t0: number) => Math.round(performance.now() - t0);
// In the app the backup runs in Electron's main process: its longest stall is how long IPC waits.
const loop = monitorEventLoopDelay({ resolution: 5 });
const stall = () => `longest event-loop stall ${Math.round(loop.max / 1e6)} ms`;

const storage = new SqliteStorage(dbFile);
await seedStation(storage);
let t0 = performance.now();
for (let i = 1; i <= n; i++) await inspectOne(storage, evidenceDir, 'BENCH', i);
console.log(`seeded ${n} inspections with one photo each in ${ms(t0)} ms; database ${(fs.statSync(dbFile).size / 1048576).toFixed(1)} MB`);

t0 = performance.now();
loop.reset();
loop.enable();
const first = await takeBackup({ dbFile, evidenceDir, folder, now: new Date(), createFolder: true });
console.log(`first backup (every photo new): ${first.ms} ms, ok ${first.ok}, ${first.manifest?.photos.copied} photos copied, ${stall()}`);
loop.reset();
// A second one while this process keeps inspecting: the online copy under writes.
let writing = true;
const writer = (async () => {
  for (let i = n + 1; writing; i++) await inspectOne(storage, evidenceDir, 'BENCH', i);
})();
const second = await takeBackup({ dbFile, evidenceDir, folder, now: new Date(Date.now() + 1000) });
writing = false;
await writer;
console.log(`second backup during inspections (only new photos): ${second.ms} ms, ok ${second.ok}, ${second.manifest?.photos.copied} photos copied, ${stall()}`);
loop.disable();
t0 = performance.now();
const problems = await verifyBackup(second.dir, { hashPhotos: 'all' });
console.log(`full re-verification (every photo hashed): ${ms(t0)} ms, ${problems.length} problems`);
await storage.close();

for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
fs.rmSync(evidenceDir, { recursive: true, force: true });
t0 = performance.now();
const r = await restoreBackup({ from: folder, dbFile, dataDir: path.join(dir, 'data'), now: new Date() });
console.log(`restore onto an empty machine: ${ms(t0)} ms, ok ${r.ok}${r.ok ? `, ${r.report.photosCopied} photos, lost ${r.report.lost ? `${r.report.lost.from}-${r.report.lost.to}` : 'none'}` : ''}`);
fs.rmSync(dir, { recursive: true, force: true });
