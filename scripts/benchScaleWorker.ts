// One measuring process of the warehouse-scale benchmark (scripts/bench-scale.ts forks it): its own
// service on the shared database, signed in as a person the way a station or a supervisor is, so no
// cache or heap of the seeding or of another measurement is carried into the figures.
import { ParcelGateService } from '../electron/main/service/service';
import { benchTracking } from './benchScaleSeed';
import { openService } from './benchScaleTarget';

export type Job = { db: string; dataDir: string; user: string; pin: string; station: string } & (
  | { kind: 'scan'; picks: number[]; warm: number }
  | { kind: 'queue'; filters: { name: string; req: Record<string, unknown> }[]; repeats: number; warm: number }
  | { kind: 'station'; from: number; count: number }
  | { kind: 'verify' }
);

export type JobResult =
  | { kind: 'scan'; wallMs: number[]; cpuMs: number[]; serviceMs: number[]; storeMs: number[]; outcomes: Record<string, number> }
  | { kind: 'queue'; filters: { name: string; ms: number[]; cpuMs: number[]; total: number }[] }
  | { kind: 'station'; ms: number[]; startedAt: number; endedAt: number; failures: string[] }
  | { kind: 'verify'; ms: number; cpuMs: number; intact: boolean; events: number; firstBroken: string | null; rssBeforeMiB: number; peakRssMiB: number };

export type FromWorker = { type: 'ready' } | { type: 'result'; result: JobResult } | { type: 'failed'; message: string };
export type ToWorker = { type: 'go' };

/** Wall-clock instant comparable across processes (performance.now() starts at each process's own origin). */
const wallNow = () => performance.timeOrigin + performance.now();
const send = (m: FromWorker) => process.send!(m);

/**
 * Wall time and this process's CPU time of `fn`: on a shared machine the wall time includes waiting for
 * a core, the CPU time does not (on SQLite all the work is in this process; a PostgreSQL server's is not).
 */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

async function signIn(service: ParcelGateService, job: Job): Promise<string> {
  const r = await service.call('session:signIn', { name: job.user, pin: job.pin, station: job.station });
  if (!r.ok) throw new Error(`sign-in as ${job.user}: ${r.error.message}`);
  // Sign-in starts the reading worker in the background; a station waits for it before scanning, and
  // so does the measurement, or its start-up would be timed as inspection.
  await service.warmUp().catch(() => undefined);
  return r.value.token;
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => process.once('message', (m: ToWorker) => m.type === 'go' && resolve()));
}

async function run(job: Job): Promise<JobResult> {
  const service = openService(job.db, job.dataDir);
  try {
    const token = await signIn(service, job);
    const inspect = async (i: number) => {
      const r = await service.call('parcel:inspect', { scan: benchTracking(i), photoIds: [] }, { token });
      if (!r.ok) throw new Error(`inspect ${benchTracking(i)}: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    switch (job.kind) {
      case 'scan': {
        const out: JobResult = { kind: 'scan', wallMs: [], cpuMs: [], serviceMs: [], storeMs: [], outcomes: {} };
        send({ type: 'ready' });
        for (const [k, i] of job.picks.entries()) {
          const { value: v, ms, cpuMs } = await timed(() => inspect(i));
          if (k < job.warm) continue;
          out.wallMs.push(ms);
          out.cpuMs.push(cpuMs);
          out.serviceMs.push(v.timingsMs.total);
          out.storeMs.push(v.timingsMs.store);
          out.outcomes[v.outcome] = (out.outcomes[v.outcome] ?? 0) + 1;
        }
        return out;
      }
      case 'queue': {
        const out: JobResult = { kind: 'queue', filters: [] };
        send({ type: 'ready' });
        for (const f of job.filters) {
          const ms: number[] = [];
          const cpuMs: number[] = [];
          let total = 0;
          for (let k = 0; k < job.warm + job.repeats; k++) {
            const { value: r, ms: took, cpuMs: cpu } = await timed(() => service.call('holds:list', f.req, { token }));
            if (!r.ok) throw new Error(`holds:list ${f.name}: ${r.error.code} ${r.error.message}`);
            total = r.value.total;
            if (k >= job.warm) {
              ms.push(took);
              cpuMs.push(cpu);
            }
          }
          out.filters.push({ name: f.name, ms, cpuMs, total });
        }
        return out;
      }
      case 'station': {
        send({ type: 'ready' });
        await waitForGo();
        const ms: number[] = [];
        const failures: string[] = [];
        const startedAt = wallNow();
        for (let i = job.from; i < job.from + job.count; i++) {
          const t = performance.now();
          try {
            await inspect(i);
            ms.push(performance.now() - t);
          } catch (e) {
            failures.push(e instanceof Error ? e.message : String(e));
          }
        }
        return { kind: 'station', ms, startedAt, endedAt: wallNow(), failures };
      }
      case 'verify': {
        send({ type: 'ready' });
        const rssBefore = process.memoryUsage().rss;
        const { value: r, ms, cpuMs } = await timed(() => service.call('audit:verify', {}, { token }));
        if (!r.ok) throw new Error(`audit:verify: ${r.error.code} ${r.error.message}`);
        return {
          kind: 'verify',
          ms,
          cpuMs,
          intact: r.value.intact,
          events: r.value.events,
          firstBroken: r.value.firstBroken ? `${r.value.firstBroken.seq}: ${r.value.firstBroken.reason}` : null,
          rssBeforeMiB: Math.round(rssBefore / 1048576),
          // The kernel's high-water mark: a synchronous walk leaves no gap for a sampling timer.
          peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        };
      }
    }
  } finally {
    await service.close();
  }
}

let last: FromWorker;
try {
  last = { type: 'result', result: await run(JSON.parse(process.argv[2]) as Job) };
} catch (e) {
  last = { type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  process.exitCode = 1;
}
// The channel closes only once the last message is on its way.
process.send!(last, () => process.disconnect());
