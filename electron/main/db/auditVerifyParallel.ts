// Audit verify in parallel: the chain is cut into ranges of event numbers, each checked by a worker
// thread on a connection of its own (rows read as arrays, each event re-hashed), and the ranges are
// stitched in order: where one ends the next must start (the next number, linked to its hash). The
// answer is the one the single walk in audit.ts gives (the first broken event named the same way):
// test/integration/auditVerifyParallel.test.ts compares the two on tampered chains, on both engines.
//
// The worker is plain JavaScript evaluated in the thread (no build step, the same under Electron,
// tsx and vitest); it loads better-sqlite3 or pg by the paths resolved here. Its two hash encodings
// are audit.ts's eventHashV1 and eventHash, written again for the thread: the comparison test fails
// if they ever part ways.
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { GENESIS_HASH } from './audit';

const nodeRequire = createRequire(import.meta.url);

/** Where a worker reads the chain: the SQLite file (with the better-sqlite3 build to load), or the server. */
export type AuditSource = { engine: 'sqlite'; file: string; nativeBinding?: string } | { engine: 'postgres'; url: string };

/** What one worker found in its range. */
interface RangeResult {
  count: number;
  /** The range's first event: its number and the hash it links to. */
  first: [seq: number, prevHash: string] | null;
  /** The range's last event: its number and hash. */
  last: [seq: number, hash: string] | null;
  /** The first event of the range that does not hold, taking its first event's number and link as given. */
  broken: { seq: number; reason: string } | null;
  /** The stored hashes of the anchored events in the range. */
  seen: [seq: number, hash: string][];
}

/** What the walk found, for audit.ts to check the anchors against. */
export interface ChainWalk {
  events: number;
  firstBroken: { seq: number; reason: string } | null;
  seen: Map<number, string>;
}

const WORKER_SOURCE = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { source, modules, lo, hi, switchAt, wanted, page } = workerData;
const SQL_COLUMNS = 'seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash';
// r: [seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash]
const v1 = (r, seq) => createHash('sha256').update([r[7], seq, r[1], r[2], r[3], r[4], r[5], r[6]].join('\\u241E'), 'utf8').digest('hex');
const v2 = (r, seq) => createHash('sha256').update(JSON.stringify({
  action: r[3], actor: r[2], at: r[1], details: r[6], entityId: r[5], entityType: r[4], prevHash: r[7], seq, v: 2,
}), 'utf8').digest('hex');
const want = new Set(wanted);
const out = { count: 0, first: null, last: null, broken: null, seen: [] };
let expected = 0;
let prev = '';
function check(rows) {
  for (const r of rows) {
    const seq = Number(r[0]);
    out.count++;
    if (want.has(seq)) out.seen.push([seq, r[8]]);
    if (out.first === null) { out.first = [seq, r[7]]; expected = seq; prev = r[7]; }
    if (out.broken === null) {
      let reason = null;
      if (seq !== expected) reason = 'event ' + expected + ' is missing (next is ' + seq + ')';
      else if (r[7] !== prev) reason = 'its link to event ' + (seq - 1) + ' does not match (an event before it was changed or removed)';
      else if ((seq >= switchAt ? v2(r, seq) : v1(r, seq)) !== r[8]) reason = 'its content does not match its hash (it was changed)';
      if (reason) out.broken = { seq: seq === expected ? seq : expected, reason };
    }
    prev = r[8];
    expected++;
    out.last = [seq, r[8]];
  }
}
async function main() {
  if (source.engine === 'sqlite') {
    const Database = require(modules.sqlite);
    const db = new Database(source.file, { readonly: true, fileMustExist: true, nativeBinding: source.nativeBinding });
    try {
      const st = db.prepare('SELECT ' + SQL_COLUMNS + ' FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?').raw(true);
      for (let after = lo; ; ) {
        const rows = st.all(after, hi, page);
        check(rows);
        if (rows.length < page) break;
        after = Number(rows[rows.length - 1][0]);
      }
    } finally {
      db.close();
    }
  } else {
    const pg = require(modules.pg);
    const client = new pg.Client({ connectionString: source.url, application_name: 'parcel-gate-verify' });
    await client.connect();
    try {
      const text = 'SELECT ' + SQL_COLUMNS + ' FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3';
      for (let after = lo; ; ) {
        const rows = (await client.query({ text, values: [after, hi, page], rowMode: 'array' })).rows;
        check(rows);
        if (rows.length < page) break;
        after = Number(rows[rows.length - 1][0]);
      }
    } finally {
      await client.end();
    }
  }
  parentPort.postMessage(out);
}
main().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

/** Events read per page by a worker (arrays of nine values: a page stays a few megabytes). */
const PAGE = 5000;

function runRange(source: AuditSource, lo: number, hi: number, switchAt: number, wanted: number[]): Promise<RangeResult> {
  const modules = { sqlite: source.engine === 'sqlite' ? nodeRequire.resolve('better-sqlite3') : '', pg: source.engine === 'postgres' ? nodeRequire.resolve('pg') : '' };
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { source, modules, lo, hi, switchAt, wanted, page: PAGE } });
    w.once('message', (m: RangeResult | { error: string }) => {
      void w.terminate();
      if ('error' in m) reject(new Error(`audit verify worker: ${m.error}`));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

/** How many threads: one per core, at most four (each reads its own range; more only contend). */
export function verifyThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/**
 * Walks the chain of events 1..`headSeq` (and any appended meanwhile, in the last range) in `threads`
 * ranges at once; `wanted` are the anchored event numbers whose stored hashes are to be returned.
 */
export async function walkChainParallel(source: AuditSource, headSeq: number, switchAt: number, wanted: readonly number[], threads = verifyThreads()): Promise<ChainWalk> {
  const n = Math.max(1, threads);
  const bounds = Array.from({ length: n + 1 }, (_, i) => (i === n ? Number.MAX_SAFE_INTEGER : Math.floor((headSeq * i) / n)));
  const sorted = [...wanted].sort((a, b) => a - b);
  const results = await Promise.all(
    bounds.slice(0, n).map((lo, i) => runRange(source, lo, bounds[i + 1], switchAt, sorted.filter((s) => s > lo && s <= bounds[i + 1]))),
  );
  // Stitched in order, as the single walk would meet them: a range's own findings count only once its
  // first event follows the previous range's last (the next number, linked to that event's hash).
  let expected = 1;
  let prev = GENESIS_HASH;
  let events = 0;
  let firstBroken: ChainWalk['firstBroken'] = null;
  const seen = new Map<number, string>();
  for (const r of results) {
    for (const [seq, hash] of r.seen) seen.set(seq, hash);
    if (!firstBroken && r.first) {
      const [seq, link] = r.first;
      if (seq !== expected) firstBroken = { seq: expected, reason: `event ${expected} is missing (next is ${seq})` };
      else if (link !== prev) firstBroken = { seq, reason: `its link to event ${seq - 1} does not match (an event before it was changed or removed)` };
      else if (r.broken) firstBroken = r.broken;
    }
    events += r.count;
    expected += r.count;
    if (r.last) prev = r.last[1];
  }
  return { events, firstBroken, seen };
}
