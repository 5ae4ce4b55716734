// Scan-to-verdict through the warehouse server: `npm run bench:server -- [--engine sqlite|postgres]
// [--stations 4] [--parcels 200]`. A real server process on 127.0.0.1 with its self-signed
// certificate; N stations at once, each its own pinned HTTPS connection and signed-in inspector,
// each sending parcel:inspect for a scanned parcel without photos and waiting for the verdict.
// Prints the median and p95 round trip: the call made in-process (no server, the baseline), over HTTPS
// to a server in the bench's own process, and over HTTPS to a separate server process. PostgreSQL: a throwaway server (test/helpers/postgres.ts) as in the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParcelGateService } from '../electron/main/service/service';
import { connectStation } from '../electron/main/server/stationLink';
import { startHttpsServer } from '../electron/main/server/httpsServer';
import { tlsIdentity } from '../electron/main/server/tlsIdentity';
import { makeClient } from '../shared/client';
import { SYSTEM } from '../shared/systemIdentities';
import { median, p95 } from './benchStats';
import { asUser, startPostgres, STATION_ROLE, type PgServer } from '../test/helpers/postgres';

const ROOT = path.resolve(import.meta.dirname, '..');
const PACK = path.resolve(ROOT, '..', 'shared', 'scenarios', 'public-01');
const { values } = parseArgs({ options: { engine: { type: 'string' }, stations: { type: 'string' }, parcels: { type: 'string' } } });
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
const stations = Number(values.stations ?? 4);
const parcels = Number(values.parcels ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcel-gate-bench-server-'));

let pg: PgServer | null = null;
let db = path.join(dir, 'warehouse.db');
if (engine === 'postgres') {
  pg = await startPostgres({ root: os.tmpdir() });
  db = asUser(await pg.createDatabase(), STATION_ROLE);
}

// The warehouse as a server would find it: the public pack imported, one inspector per station.
const file = (n: string) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(PACK, n))) });
const setup = new ParcelGateService({ dbFile: db, dataDir: path.join(dir, 'setup') });
const sys = async (channel: Parameters<ParcelGateService['call']>[0], req: unknown) => {
  const r = await setup.call(channel, req, { system: SYSTEM.test });
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value;
};
await sys('data:import', { brands: file('brands.json'), certificates: file('certificates.json'), orders: file('orders.csv') });
for (let s = 1; s <= stations; s++) await sys('users:add', { name: `insp${s}`, role: 'inspector', pin: '1357' });

// Baseline: the same call in-process, as many callers at once, no HTTPS.
const direct: number[] = [];
// One call first: the system identity's own row is made on its first use (not a race to measure).
await sys('parcel:inspect', { scan: 'BASEFIRST', photoIds: [] });
await Promise.all(
  Array.from({ length: stations }, async (_, s) => {
    for (let i = 0; i < parcels + 10; i++) {
      const t = performance.now();
      await sys('parcel:inspect', { scan: `BASE${s}X${String(i).padStart(8, '0')}`, photoIds: [] });
      if (i >= 10) direct.push(performance.now() - t);
    }
  }),
);

async function station(at: { url: string; fingerprint: string }, s: number, prefix: string): Promise<number[]> {
  const link = connectStation(at);
  const api = makeClient(link.invoke);
  const signed = await api['session:signIn']({ name: `insp${s}`, pin: '1357', station: `PACK-${s}` });
  if (!signed.ok) throw new Error(signed.error.message);
  const times: number[] = [];
  for (let i = 0; i < parcels + 10; i++) {
    const t = performance.now();
    const r = await api['parcel:inspect']({ scan: `${prefix}${s}X${String(i).padStart(8, '0')}`, photoIds: [] });
    if (!r.ok) throw new Error(r.error.message);
    // The first calls open the connection and warm the statements: not counted.
    if (i >= 10) times.push(performance.now() - t);
  }
  link.close();
  return times;
}

/** N stations at once against the server at `at`: every round trip, and parcels per second. */
async function stationsAtOnce(at: { url: string; fingerprint: string }, prefix: string): Promise<{ times: number[]; rate: number }> {
  const t0 = performance.now();
  const times = (await Promise.all(Array.from({ length: stations }, (_, i) => station(at, i + 1, prefix)))).flat();
  return { times, rate: times.length / ((performance.now() - t0) / 1000) };
}

// The server in this very process: the cost of HTTPS and the server's own work, without a second process to schedule.
// A sign-in starts the photo readers: started and ready first, so they do not compete with the calls measured.
await setup.warmUp();
const inProcess = await startHttpsServer(setup, { host: '127.0.0.1', port: 0, identity: await tlsIdentity({ dir: path.join(dir, 'inproc'), hosts: ['127.0.0.1'] }) });
const near = await stationsAtOnce(inProcess, 'N');
await inProcess.close();
await setup.close();

const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'electron', 'main', 'server', 'main.ts'), '--db', db, '--listen', '127.0.0.1:0', '--data', path.join(dir, 'server')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const { url, fingerprint } = await new Promise<{ url: string; fingerprint: string }>((resolve, reject) => {
  let out = '';
  server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  server.stdout!.on('data', (d) => {
    out += d;
    const u = /server on (https:\/\/\S+)/.exec(out)?.[1];
    const f = /fingerprint (sha256:[0-9a-f]{64})/.exec(out)?.[1];
    if (u && f) resolve({ url: u, fingerprint: f });
  });
});

// The server starts its photo readers at once; they would only compete with the calls measured here.
{
  const probe = connectStation({ url, fingerprint });
  for (let i = 0; i < 600; i++) {
    const info = await probe.invoke('app:info', {}, null);
    const state = info.ok ? (info.value as { ocr: { state: string } }).ocr.state : 'cold';
    if (state === 'ready' || state === 'failed') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  probe.close();
}

const far = await stationsAtOnce({ url, fingerprint }, 'S');
server.removeAllListeners('exit');
server.kill('SIGTERM');
await pg?.stop();
fs.rmSync(dir, { recursive: true, force: true });

console.log(`scan-to-verdict without photos, ${engine}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`  in-process calls (no server, no HTTPS), ${stations} caller(s) at once: median ${median(direct).toFixed(1)} ms, p95 ${p95(direct).toFixed(1)} ms (${direct.length} parcels)`);
const line = (what: string, r: { times: number[]; rate: number }) =>
  console.log(`  ${what}, ${stations} station(s) at once: median ${median(r.times).toFixed(1)} ms, p95 ${p95(r.times).toFixed(1)} ms (${r.times.length} parcels, ${r.rate.toFixed(0)} parcels/s)`);
line('HTTPS to a server in this process', near);
line('HTTPS to the server process (npm run server)', far);
