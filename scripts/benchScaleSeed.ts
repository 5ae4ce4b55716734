// Bulk seeding for the warehouse-scale benchmark, written against the Engine's Sql alone (portable
// SQL, so the same code seeds SQLite and PostgreSQL): orders in multi-row INSERTs, holds as exactly the
// rows an inspection writes (parcel, inspection, hold, its reasons and brands, the audit event the
// status change carries), and audit events chained as appendAudit chains them. Every row goes through
// the database's triggers (migration 003): nothing is disabled, so `audit:verify` must pass afterwards.
import { refreshHoldClocks } from '../electron/main/db/repos/holdClockDays';
import type { Finding, Note, Order } from '../shared/types';
import { SYSTEM, systemIdentity } from '../shared/systemIdentities';
import { chained, GENESIS_HASH, type AuditInput } from '../electron/main/db/audit';
import { guarded } from '../electron/main/db/guarded';
import type { Engine, Sql } from '../electron/main/db/sql';

/** ~1,000 rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters at 16 columns. */
export const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_TRANSACTION = 10;
const DAY = 86_400_000;
/** Seeded holds were opened over the last 30 days, so every clock of the queue is in play. */
const HOLD_WINDOW_MS = 30 * DAY;
export const BENCH_ACTOR = systemIdentity(SYSTEM.bench);

export const benchOrderNo = (i: number) => `BENCH${String(i).padStart(8, '0')}`;
export const benchTracking = (i: number) => `BS${String(i).padStart(12, '0')}`;
export const STATIONS = Array.from({ length: 12 }, (_, k) => `Dock-${k + 1}`);

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** When seeded hold `i` of `holds` was opened: evenly over the window, oldest first, the newest a moment ago. */
export function holdOpenedAt(i: number, holds: number, now: number): number {
  return now - HOLD_WINDOW_MS + Math.round(((i + 1) * HOLD_WINDOW_MS) / (holds + 1));
}

async function insertRows<T = never>(tx: Sql, table: string, columns: readonly string[], rows: readonly unknown[][], returning?: string): Promise<T[]> {
  if (!rows.length) return [];
  const one = `(${columns.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => one).join(', ')}${returning ? ` RETURNING ${returning}` : ''}`;
  const params = rows.flat();
  if (returning) return tx.all<T>(sql, params);
  await tx.run(sql, params);
  return [];
}

/** Runs `fill(tx, from, to)` over [0, n) in statements of ROWS_PER_STATEMENT, several to a transaction. */
async function inChunks(engine: Engine, n: number, fill: (tx: Sql, from: number, to: number) => Promise<void>): Promise<void> {
  const perTx = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let start = 0; start < n; start += perTx) {
    await engine.write(async (tx) => {
      for (let from = start; from < Math.min(n, start + perTx); from += ROWS_PER_STATEMENT) {
        await fill(tx, from, Math.min(n, from + ROWS_PER_STATEMENT));
      }
    });
  }
}

// ---- audit chain ----------------------------------------------------------------------------

/** An audit event to seed: what appendAudit takes, with its time. */
export type EventInput = AuditInput & { at: string };

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'entity_type', 'entity_id', 'details', 'prev_hash', 'hash'] as const;
const INSERT_EVENT = `INSERT INTO audit_events (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`;

/** The chain's head inside a write transaction, extended event by event as appendAudit would. */
class AuditChain {
  private constructor(
    public seq: number,
    private hash: string,
  ) {}

  static async at(tx: Sql): Promise<AuditChain> {
    const head = await tx.get<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    const v2 = await tx.get<{ value: string }>("SELECT value FROM settings WHERE key = 'audit_v2_from'");
    const seq = head ? Number(head.seq) : 0;
    // Seeded events are hashed with version 2 (canonical JSON); the chain must already be there.
    if (Number(v2?.value ?? 1) > seq + 1) throw new Error(`audit events before ${v2?.value} use the old encoding; seed a fresh database`);
    return new AuditChain(seq, head?.hash ?? GENESIS_HASH);
  }

  /** The next event's row, in AUDIT_COLUMNS order; the chain moves on to it. */
  next(e: EventInput): unknown[] {
    const row = chained({ seq: this.seq, hash: this.hash }, e, e.at);
    this.seq = row.seq;
    this.hash = row.hash;
    return AUDIT_COLUMNS.map((c) => row[c]);
  }

  /** Appends one event now (the lifecycle triggers want it to be the head when its status change is written). */
  async append(tx: Sql, e: EventInput): Promise<number> {
    await tx.run(INSERT_EVENT, this.next(e));
    return this.seq;
  }
}

// ---- orders ---------------------------------------------------------------------------------

const ORDER_COLUMNS = [
  'order_no', 'tracking_no', 'customer', 'item', 'declared_brand', 'category', 'channel', 'store_id', 'store_name',
  'seller_tax_id', 'purchase_date', 'amount_fen', 'delivery_date', 'updated_at',
] as const;

/**
 * `n` orders modelled on the scenario pack's (item, declared brand, channel, store, seller cycle through
 * them), with their own numbers, customers, dates and amounts; every other one has a delivery date (the
 * return window's start). Orders 0..holds-1 were bought before their seeded hold was opened.
 */
export async function seedOrders(engine: Engine, templates: readonly Order[], n: number, holds: number, now: number): Promise<void> {
  const at = new Date(now).toISOString();
  await inChunks(engine, n, async (tx, from, to) => {
    const rows: unknown[][] = [];
    for (let i = from; i < to; i++) {
      const t = templates[i % templates.length];
      const base = i < holds ? holdOpenedAt(i, holds, now) : now - (1 + (i % 3)) * DAY;
      const purchase = base - (3 + (i % 20)) * DAY;
      rows.push([
        benchOrderNo(i), benchTracking(i), `C${(i * 7919) % 100_000}`, t.item, t.declaredBrand, t.category, t.channel, t.storeId,
        t.storeName, t.sellerTaxId, isoDay(purchase), t.amountFen + (i % 1000), i % 2 === 0 ? isoDay(base - DAY) : null, at,
      ]);
    }
    // Generation 0: published from the start, as orders from before migration 14 are.
    await insertRows(tx, 'order_versions', ORDER_COLUMNS, rows);
  });
  // One event for the whole load, as an import writes one per file.
  await engine.write(async (tx) => {
    const chain = await AuditChain.at(tx);
    await chain.append(tx, { at, actor: BENCH_ACTOR, action: 'import.orders', entityType: 'file', entityId: 'bench-scale-orders', details: { inserted: n, updated: 0, unchanged: 0 } });
  });
}

// ---- holds ----------------------------------------------------------------------------------

/** What the rules said about an order of template `k` inspected without photos (taken from a real inspection). */
export interface VerdictTemplate {
  findings: Finding[];
  notes: Note[];
  brands: string[];
  rules: string | null;
}

export interface HoldSeed {
  holds: number;
  now: number;
  rulesetVersion: number;
  /** One per order template, in the order templates' order (hold i follows order i's template). */
  verdicts: readonly VerdictTemplate[];
  inspectors: readonly { id: number; name: string }[];
  supervisor: { id: number; name: string };
  shelves: readonly string[];
}

/** Seeded holds that are on a shelf (the rest wait at the station), and those a supervisor released. */
const located = (i: number) => i % 10 < 7;
const released = (i: number) => i % 10 === 9;

/** The audit events seeding `holds` holds writes (to size the filler so the chain ends at --events). */
export function holdEvents(holds: number): number {
  let n = 0;
  for (let i = 0; i < holds; i++) n += 1 + (located(i) ? 1 : 0) + (released(i) ? 1 : 0);
  return n;
}

const INSPECTION_COLUMNS = [
  'parcel_id', 'scan', 'order_no', 'station', 'inspector_id', 'started_at', 'finished_at', 'outcome', 'reasons',
  'ruleset_version', 'rules', 'findings_json', 'reads_json', 'brands_json', 'timings_json', 'notes_json',
] as const;
const HOLD_COLUMNS = ['parcel_id', 'inspection_id', 'status', 'reasons', 'location', 'location_set_at', 'created_at', 'station', 'inspector_id'] as const;
const SET_PARCEL_STATUS = 'UPDATE parcels SET status = ?, audit_seq = ?, updated_at = ? WHERE id = ?';

/**
 * Held parcels 0..holds-1, row for row as recordInspection writes them, then setHoldLocation and
 * (one in ten) a supervisor's release. The parcel's status changes one parcel at a time, each right
 * after its own audit event: the lifecycle trigger accepts a status change only with the chain's head.
 */
export async function seedHolds(engine: Engine, s: HoldSeed): Promise<void> {
  await inChunks(engine, s.holds, async (tx, from, to) => {
    const idx = Array.from({ length: to - from }, (_, k) => from + k);
    const at = (i: number) => new Date(holdOpenedAt(i, s.holds, s.now)).toISOString();
    const verdict = (i: number) => s.verdicts[i % s.verdicts.length];
    const codes = (i: number) => [...new Set(verdict(i).findings.map((f) => f.code))];
    const station = (i: number) => STATIONS[i % STATIONS.length];
    const inspector = (i: number) => s.inspectors[i % s.inspectors.length];
    const shelf = (i: number) => (located(i) ? s.shelves[i % s.shelves.length] : null);

    // RETURNING names each row by a key of its own: the order of returned rows is not promised.
    const parcels = await insertRows<{ id: number | string; tracking_no: string }>(
      tx, 'parcels', ['tracking_no', 'status', 'created_at', 'updated_at'], idx.map((i) => [benchTracking(i), 'NEW', at(i), at(i)]), 'id, tracking_no',
    );
    const parcelOf = new Map(parcels.map((p) => [p.tracking_no, Number(p.id)]));
    const pid = (i: number) => parcelOf.get(benchTracking(i))!;
    const inspections = await insertRows<{ id: number | string; parcel_id: number | string }>(
      tx,
      'inspections',
      INSPECTION_COLUMNS,
      idx.map((i) => [
        pid(i), benchTracking(i), benchOrderNo(i), station(i), inspector(i).id, new Date(holdOpenedAt(i, s.holds, s.now) - 1500).toISOString(), at(i),
        'HOLD', codes(i).join(','), s.rulesetVersion, verdict(i).rules, JSON.stringify(verdict(i).findings), '[]',
        JSON.stringify(verdict(i).brands), JSON.stringify({ read: 0, evaluate: 1 }), JSON.stringify(verdict(i).notes),
      ]),
      'id, parcel_id',
    );
    const inspectionOf = new Map(inspections.map((r) => [Number(r.parcel_id), Number(r.id)]));
    const holds = await insertRows<{ id: number | string; parcel_id: number | string }>(
      tx,
      'holds',
      HOLD_COLUMNS,
      idx.map((i) => [pid(i), inspectionOf.get(pid(i)), 'OPEN', codes(i).join(','), shelf(i), shelf(i) ? at(i) : null, at(i), station(i), inspector(i).id]),
      'id, parcel_id',
    );
    const holdOf = new Map(holds.map((r) => [Number(r.parcel_id), Number(r.id)]));
    const hid = (i: number) => holdOf.get(pid(i))!;
    await insertRows(tx, 'hold_reasons', ['hold_id', 'code'], idx.flatMap((i) => codes(i).map((c) => [hid(i), c])));
    await insertRows(tx, 'hold_brands', ['hold_id', 'brand_id'], idx.flatMap((i) => [...new Set(verdict(i).brands)].map((b) => [hid(i), b])));
    const decidedAt = (i: number) => new Date(holdOpenedAt(i, s.holds, s.now) + 5000).toISOString();
    const REASON = 'Order and label agree; released after checking the seller';

    const chain = await AuditChain.at(tx);
    for (const i of idx) {
      const holdId = hid(i);
      const reasons = codes(i).join(',');
      const held = await chain.append(tx, {
        at: at(i), actor: inspector(i).name, action: 'parcel.hold', entityType: 'parcel', entityId: benchTracking(i),
        details: { inspectionId: inspectionOf.get(pid(i)), station: station(i), reasons, holdId, rulesetVersion: s.rulesetVersion, rules: verdict(i).rules, photos: [] },
      });
      await tx.run(SET_PARCEL_STATUS, ['HELD', held, at(i), pid(i)]);
      if (shelf(i)) {
        await chain.append(tx, { at: at(i), actor: inspector(i).name, action: 'hold.locate', entityType: 'parcel', entityId: benchTracking(i), details: { holdId, location: shelf(i), station: station(i) } });
      }
      if (released(i)) {
        const seq = await chain.append(tx, {
          at: decidedAt(i), actor: s.supervisor.name, action: 'hold.release', entityType: 'parcel', entityId: benchTracking(i),
          details: { holdId, reason: REASON, documents: [], station: 'Office', fourEyes: true },
        });
        // A decision row only right after its event (migration 13), so one at a time, not in bulk.
        await tx.run("INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at, documents_json) VALUES (?, 'RELEASE', ?, ?, ?, '[]')", [
          holdId, REASON, s.supervisor.id, decidedAt(i),
        ]);
        await guarded(tx, 'hold_decide', { holdId, status: 'RELEASED', decidedAt: decidedAt(i), decidedBy: s.supervisor.id, reason: REASON });
        await tx.run(SET_PARCEL_STATUS, ['RELEASED', seq, decidedAt(i), pid(i)]);
      }
    }
  });
  // The clock days recordInspection stores on each hold it opens, all at once for the seeded ones.
  await engine.write((tx) => refreshHoldClocks(tx, 'all'));
}

// ---- the rest of the trail ------------------------------------------------------------------

/**
 * `n` events appended in multi-row INSERTs, so the trail reaches the size asked for. They are named
 * for what they are (action `bench.filler`), sized like a parcel's event (two photo ids in the details).
 */
export async function seedFillerEvents(engine: Engine, n: number, now: number): Promise<void> {
  const at = new Date(now).toISOString();
  const photo = (i: number, k: number) => (BigInt(i) * 2654435761n + BigInt(k)).toString(16).padStart(64, '0');
  await inChunks(engine, n, async (tx, from, to) => {
    const chain = await AuditChain.at(tx);
    const rows: unknown[][] = [];
    for (let i = from; i < to; i++) {
      rows.push(chain.next({
        at, actor: BENCH_ACTOR, action: 'bench.filler', entityType: 'bench', entityId: `filler-${i}`,
        details: { station: STATIONS[i % STATIONS.length], photos: [photo(i, 1), photo(i, 2)], note: 'benchmark filler event' },
      }));
    }
    await insertRows(tx, 'audit_events', AUDIT_COLUMNS, rows);
  });
}
