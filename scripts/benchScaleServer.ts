// The warehouse-scale benchmark's `--server` part: the same figures measured from station clients
// through the warehouse server (issue 23). A real server process (`npm run server`) on the seeded
// database, on 127.0.0.1 with its own self-signed certificate; every client reaches it through the
// pinned link a station uses (stationLink.ts), signed in with a PIN. Measured: scan-to-verdict of one
// station, the hold queue's filters as a supervisor, and N stations at once (each its own link and
// session). Parcels are orders no measurement before inspected. It prints nothing itself: it returns
// rows for bench-scale.ts's table.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Channel } from '../shared/api';
import { connectStation, type StationLink } from '../electron/main/server/stationLink';
import { benchTracking } from './benchScaleSeed';
import type { FigureRow } from './benchStats';

export interface ServerBenchInput {
  /** What the server opens: the SQLite file or the stations' PostgreSQL URL. */
  db: string;
  dataDir: string;
  pin: string;
  supervisor: string;
  inspectors: readonly string[];
  stations: readonly string[];
  /** Order numbers for one station's scan-to-verdict (the first `warm` not counted). */
  scanPicks: readonly number[];
  warm: number;
  /** Order numbers per station for the stations-at-once run. */
  stationPicks: readonly (readonly number[])[];
  filters: readonly { name: string; req: Record<string, unknown> }[];
  repeats: number;
}

export interface ServerBenchResult {
  scanMs: number[];
  filters: { name: string; ms: number[]; total: number }[];
  stations: { ms: number[]; seconds: number; failures: string[] }[];
  elapsedSeconds: number;
}

const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts `npm run server` on `db`; resolves with its address once it printed its URL and fingerprint. */
async function startServer(db: string, dataDir: string): Promise<{ child: ChildProcess; url: string; fingerprint: string }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'electron', 'main', 'server', 'main.ts'), '--db', db, '--listen', '127.0.0.1:0', '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const at = await new Promise<{ url: string; fingerprint: string }>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before it listened`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const url = /server on (https:\/\/\S+)/.exec(out)?.[1];
      const fingerprint = /fingerprint (sha256:[0-9a-f]{64})/.exec(out)?.[1];
      if (url && fingerprint) resolve({ url, fingerprint });
    });
  });
  child.removeAllListeners('exit');
  return { child, ...at };
}

interface Client {
  link: StationLink;
  call<T>(channel: Channel, req: unknown): Promise<T>;
}

async function signedIn(at: { url: string; fingerprint: string }, name: string, pin: string, station: string): Promise<Client> {
  const link = connectStation(at);
  const signIn = await link.invoke('session:signIn', { name, pin, station }, null);
  if (!signIn.ok) throw new Error(`sign-in as ${name}: ${signIn.error.message}`);
  const token = (signIn.value as { token: string }).token;
  return {
    link,
    call: async <T>(channel: Channel, req: unknown) => {
      const r = await link.invoke(channel, req, token);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
  };
}

/** The server starts its photo readers at once: they are waited for, so they compete with nothing measured. */
async function waitForReaders(at: { url: string; fingerprint: string }): Promise<void> {
  const probe = connectStation(at);
  try {
    for (let i = 0; i < 600; i++) {
      const info = await probe.invoke('app:info', {}, null);
      const state = info.ok ? (info.value as { ocr: { state: string } }).ocr.state : 'cold';
      if (state === 'ready' || state === 'failed') return;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    probe.close();
  }
}

export async function benchThroughServer(input: ServerBenchInput): Promise<ServerBenchResult> {
  const server = await startServer(input.db, path.join(input.dataDir, 'server'));
  const clients: Client[] = [];
  try {
    await waitForReaders(server);
    const inspect = (c: Client, i: number) => c.call('parcel:inspect', { scan: benchTracking(i), photoIds: [] });

    const one = await signedIn(server, input.inspectors[0], input.pin, input.stations[0]);
    clients.push(one);
    const scanMs: number[] = [];
    for (const [k, i] of input.scanPicks.entries()) {
      const t = performance.now();
      await inspect(one, i);
      if (k >= input.warm) scanMs.push(performance.now() - t);
    }

    const sup = await signedIn(server, input.supervisor, input.pin, 'Office');
    clients.push(sup);
    const filters: ServerBenchResult['filters'] = [];
    for (const f of input.filters) {
      const ms: number[] = [];
      let total = 0;
      for (let k = 0; k < 2 + input.repeats; k++) {
        const t = performance.now();
        total = (await sup.call<{ total: number }>('holds:list', f.req)).total;
        if (k >= 2) ms.push(performance.now() - t);
      }
      filters.push({ name: f.name, ms, total });
    }

    const each = await Promise.all(input.stationPicks.map((_, k) => signedIn(server, input.inspectors[k], input.pin, input.stations[k])));
    clients.push(...each);
    const t0 = performance.now();
    const stations = await Promise.all(
      each.map(async (c, k) => {
        const ms: number[] = [];
        const failures: string[] = [];
        const start = performance.now();
        for (const i of input.stationPicks[k]) {
          const t = performance.now();
          try {
            await inspect(c, i);
            ms.push(performance.now() - t);
          } catch (e) {
            failures.push(e instanceof Error ? e.message : String(e));
          }
        }
        return { ms, failures, seconds: (performance.now() - start) / 1000 };
      }),
    );
    return { scanMs, filters, stations, elapsedSeconds: (performance.now() - t0) / 1000 };
  } finally {
    for (const c of clients) c.link.close();
    if (server.child.exitCode === null) {
      const exited = new Promise((r) => server.child.once('exit', r));
      server.child.kill('SIGTERM');
      await exited;
    }
  }
}

/** `n` order numbers in [from, to) that no other measurement takes (`taken`), at random. */
function freshPicks(from: number, to: number, taken: Set<number>, n: number): number[] {
  if (to - from - taken.size < n) throw new Error(`--orders is too few for --server: it needs ${n} more orders no one inspects`);
  const out: number[] = [];
  while (out.length < n) {
    const i = from + Math.floor(Math.random() * (to - from));
    if (taken.has(i)) continue;
    taken.add(i);
    out.push(i);
  }
  return out;
}

export interface ServerFiguresInput extends Omit<ServerBenchInput, 'scanPicks' | 'stationPicks'> {
  /** Orders no one inspected yet, and those another measurement takes. */
  free: { from: number; to: number };
  taken: ReadonlySet<number>;
  scans: number;
  perStation: number;
  stationCount: number;
  median(ms: number[]): number;
  p95(ms: number[]): number;
  load(): string;
}

/** Runs the server part and gives its rows: scan-to-verdict (goal ≤10 ms), each queue filter (≤100 ms), stations at once. */
export async function serverFigures(input: ServerFiguresInput): Promise<FigureRow[]> {
  const taken = new Set(input.taken);
  const scanPicks = freshPicks(input.free.from, input.free.to, taken, input.warm + input.scans);
  const stationPicks = Array.from({ length: input.stationCount }, () => freshPicks(input.free.from, input.free.to, taken, input.perStation));
  const r = await benchThroughServer({ ...input, scanPicks, stationPicks });
  const ms = (v: number) => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);
  const goal = (v: number, g: number) => (v <= g ? 'met' : `MISSED (${(v / g).toFixed(2)}×)`);
  const rows: FigureRow[] = [{ what: 'THROUGH THE WAREHOUSE SERVER (HTTPS, pinned, 127.0.0.1)', median: '', p95: '', n: '', goal: '', load: '' }];
  rows.push({ what: 'scan-to-verdict, no photos, one station', median: ms(input.median(r.scanMs)), p95: ms(input.p95(r.scanMs)), n: `${r.scanMs.length}`, goal: `≤10 ms ${goal(input.median(r.scanMs), 10)}`, load: input.load() });
  for (const f of r.filters) {
    rows.push({ what: `holds:list ${f.name} → ${f.total.toLocaleString('en-US')}`, median: ms(input.median(f.ms)), p95: ms(input.p95(f.ms)), n: `${f.ms.length}`, goal: `≤100 ms ${goal(input.p95(f.ms), 100)}`, load: input.load() });
  }
  const all = r.stations.flatMap((s) => s.ms);
  const failures = r.stations.flatMap((s) => s.failures);
  rows.push({
    what: `${r.stations.length} stations at once: ${all.length} parcels in ${r.elapsedSeconds.toFixed(1)} s = ${(all.length / r.elapsedSeconds).toFixed(1)} parcels/s`,
    median: ms(input.median(all)),
    p95: ms(input.p95(all)),
    n: `${all.length}`,
    goal: failures.length ? `${failures.length} FAILED: ${failures[0].slice(0, 60)}` : `≤10 ms ${goal(input.median(all), 10)}`,
    load: input.load(),
  });
  return rows;
}
