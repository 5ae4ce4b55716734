// An orders import in generations (migration 14 / pg 9): the import's new and changed orders are
// written as rows of its own generation in short chunked transactions, invisible to every reader of
// the `orders` view, and published by one tiny transaction that flips them all at once.
//
// Why generations and not a staging table merged at the end: the merge of a million rows was one
// transaction of several seconds, and SQLite has one writer (PostgreSQL's stations queue on one
// advisory lock too), so every station's inspection waited that long. Merging a staging table in
// chunks would show a half-merged file. Here no transaction is longer than one chunk of rows, the
// publish is one row changed, and what readers see is decided by the view alone: nothing to forget.
//
// One import at a time: the `order_imports` row in state 'writing' is the import's lease, touched by
// every chunk. An import that failed cleans its own rows; one whose process died is cleaned by the
// next import once its lease is stale (its process gone, or untouched for a minute). A generation is
// published only when no older one is still 'writing' and an aborted one keeps no rows, so no
// abandoned row can ever become visible.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Order } from '../../../../shared/types';
import { WAREHOUSE_UTC_OFFSET_MINUTES } from '../../../../shared/warehouseClock';
import { AppError } from '../../../../shared/result';
import { appendAudit } from '../audit';
import { PUBLISHED_GEN } from '../migrations/014_order_versions';
import type { Engine, Sql } from '../sql';
import type { UpsertCounts } from '../storage';
import { refreshHoldClocks } from './holdClockDays';
import { toOrder, type OrderRow } from './orders';

/** Rows written per transaction: measured to keep each one well under 100 ms on both engines. */
export const IMPORT_CHUNK_ROWS = 2_000;
/** Rows deleted or restored per transaction when a generation is cleaned up. */
const CLEAN_CHUNK_ROWS = 5_000;
/** Rows per INSERT statement (row by row took about 25 s a million on PostgreSQL). */
const ROWS_PER_STATEMENT = 500;
/** A lease untouched this long belongs to an import that stopped (a chunk takes well under a second). */
export const LEASE_STALE_MS = 60_000;

const INSERT_COLUMNS = [
  'order_no', 'tracking_no', 'customer', 'item', 'declared_brand', 'category', 'channel', 'store_id', 'store_name',
  'seller_tax_id', 'purchase_date', 'amount_fen', 'delivery_date', 'updated_at', 'gen',
] as const;
const ONE_ROW = `(${INSERT_COLUMNS.map(() => '?').join(', ')})`;
const insertStatements = new Map<number, string>();

/** The multi-row INSERT for `n` rows (two lengths in practice: full statements and a chunk's last one). */
function insertStatement(n: number): string {
  let sql = insertStatements.get(n);
  if (!sql) {
    sql = `INSERT INTO order_versions (${INSERT_COLUMNS.join(', ')}) VALUES ${Array.from({ length: n }, () => ONE_ROW).join(', ')}`;
    if (insertStatements.size < 16) insertStatements.set(n, sql);
  }
  return sql;
}

/**
 * PostgreSQL takes a chunk as one array per column through unnest(): one short statement instead of
 * thousands of parameters to bind (the multi-row VALUES form cost about a quarter second a chunk there).
 */
const PG_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'bigint', 'text'] as const;
const PG_INSERT = `INSERT INTO order_versions (${INSERT_COLUMNS.join(', ')})
  SELECT u.*, CAST(? AS text), CAST(? AS bigint) FROM unnest(${PG_TYPES.map((t) => `CAST(? AS ${t}[])`).join(', ')}) AS u`;

async function insertRows(tx: Sql, rows: readonly Order[], at: string, gen: number): Promise<void> {
  if (!rows.length) return;
  if (tx.dialect === 'postgres') {
    const columns = PG_TYPES.map(() => [] as unknown[]);
    for (const o of rows) rowValues(o, at, gen).slice(0, PG_TYPES.length).forEach((v, k) => columns[k].push(v));
    await tx.run(PG_INSERT, [at, gen, ...columns]);
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    await tx.run(insertStatement(part.length), part.flatMap((o) => rowValues(o, at, gen)));
  }
}

/** `column` is one of `values`: SQLite's IN list, PostgreSQL's = ANY(array) (one parameter, one plan). */
function oneOf(db: Sql, column: string, values: readonly string[]): [string, unknown[]] {
  if (db.dialect === 'postgres') return [`${column} = ANY(CAST(? AS text[]))`, [values]];
  return [`${column} IN (${marks(values.length)})`, [...values]];
}

const rowValues = (o: Order, at: string, gen: number): unknown[] => [
  o.orderNo, o.trackingNo, o.customer, o.item, o.declaredBrand ?? null, o.category, o.channel, o.storeId, o.storeName,
  o.sellerTaxId ?? null, o.purchaseDate, o.amountFen, o.deliveryDate ?? null, at, gen,
];

const sameOrder = (a: Order, b: Order) =>
  a.trackingNo === b.trackingNo && a.customer === b.customer && a.item === b.item && (a.declaredBrand ?? null) === (b.declaredBrand ?? null) &&
  a.category === b.category && a.channel === b.channel && a.storeId === b.storeId && a.storeName === b.storeName &&
  (a.sellerTaxId ?? null) === (b.sellerTaxId ?? null) && a.purchaseDate === b.purchaseDate && a.amountFen === b.amountFen &&
  (a.deliveryDate ?? null) === (b.deliveryDate ?? null);

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** This process as a lease owner: host and process id (a dead process's lease is stale at once), and a nonce. */
export function leaseOwner(): string {
  return `${os.hostname()}|${process.pid}|${randomBytes(4).toString('hex')}`;
}

function processGone(owner: string): boolean {
  const [host, pid] = owner.split('|');
  if (host !== os.hostname() || !/^\d+$/.test(pid ?? '') || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** One running import: its generation, the generation it builds on, and what it found so far. */
export interface OrderImport {
  gen: number;
  /** The newest published generation when it began (the rows it supersedes are of this or older ones). */
  base: number;
  owner: string;
  file: string;
  /** The import's time: every row it writes carries it as `updated_at` (the clock-day refresh finds them by it). */
  at: string;
  counts: UpsertCounts;
  /** Tracking numbers that belong to another stored order, as today's messages name them. */
  conflicts: string[];
  /** Holds on parcels of the orders written so far: their clock days are refreshed with the publish. */
  holds: Set<number>;
  /** The newest hold when the import began: holds opened since are refreshed with the publish too. */
  holdsBefore: number;
}

interface LeaseRow {
  gen: number;
  state: string;
  file: string;
  owner: string;
  started_at: string;
  touched_at: string;
}

const wallClock = () => new Date().toISOString();

/** A stored time as the warehouse's local date and minute, for a sentence in either language. */
const warehouseMinute = (iso: string) => new Date(Date.parse(iso) + WAREHOUSE_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Starts an import: an abandoned one is cleaned up first (its rows removed in chunks), a running one
 * refuses this with BUSY naming its file; then the lease for a new generation is taken.
 */
export async function beginOrderImport(engine: Engine, file: string, at: string, owner = leaseOwner()): Promise<OrderImport> {
  await recoverOrderImports(engine);
  return engine.write(async (tx) => {
    const running = await tx.get<LeaseRow>("SELECT * FROM order_imports WHERE state = 'writing' ORDER BY gen LIMIT 1");
    if (running) {
      throw new AppError('BUSY', `Another orders import is running (${running.file}, started ${running.started_at}): try again when it has finished`, undefined, {
        key: 'importRunning',
        params: { file: running.file, since: warehouseMinute(running.started_at) },
      });
    }
    const gen = Number((await tx.get<{ g: number }>('SELECT coalesce(max(gen), 0) + 1 AS g FROM order_imports'))?.g);
    const base = Number((await tx.get<{ g: number }>(`SELECT ${PUBLISHED_GEN} AS g`))?.g ?? 0);
    const holdsBefore = Number((await tx.get<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM holds'))?.n ?? 0);
    const now = wallClock();
    await tx.run("INSERT INTO order_imports (gen, state, file, owner, started_at, touched_at) VALUES (?, 'writing', ?, ?, ?, ?)", [gen, file, owner, now, now]);
    return { gen, base, owner, file, at, counts: { inserted: 0, updated: 0, unchanged: 0 }, conflicts: [], holds: new Set<number>(), holdsBefore };
  });
}

/** Inside a write transaction: renews the lease, or throws if another import took it over as abandoned. */
async function touchLease(tx: Sql, imp: Pick<OrderImport, 'gen' | 'owner'>): Promise<void> {
  const r = await tx.run("UPDATE order_imports SET touched_at = ? WHERE gen = ? AND owner = ? AND state = 'writing'", [wallClock(), imp.gen, imp.owner]);
  if (r.changes !== 1) throw new AppError('CONFLICT', `The orders import (generation ${imp.gen}) was taken over as abandoned; nothing of it is stored`);
}

/**
 * Writes one chunk of the file's orders in one short transaction: each new or changed order as a row
 * of the import's generation (a changed order's visible row is marked superseded by it), an
 * unchanged one not at all. A tracking number that belongs to another visible order is recorded as a
 * conflict; after the first, nothing more is written (the import will be refused and cleaned up).
 */
export async function writeOrderChunk(engine: Engine, imp: OrderImport, orders: readonly Order[]): Promise<void> {
  if (!orders.length) return;
  const written = await engine.write(async (tx) => {
    await touchLease(tx, imp);
    const [byTracking, trackingParams] = oneOf(tx, 'tracking_no', orders.map((o) => o.trackingNo));
    const holders = await tx.all<{ order_no: string; tracking_no: string }>(`SELECT order_no, tracking_no FROM orders WHERE ${byTracking}`, trackingParams);
    const holderOf = new Map(holders.map((h) => [h.tracking_no, h.order_no]));
    for (const o of orders) {
      const other = holderOf.get(o.trackingNo);
      if (other !== undefined && other !== o.orderNo) {
        imp.conflicts.push(`${imp.file}: order ${o.orderNo}, column "tracking_no": ${o.trackingNo} already belongs to stored order ${other}`);
      }
    }
    if (imp.conflicts.length) return [];

    const [byNo, noParams] = oneOf(tx, 'order_no', orders.map((o) => o.orderNo));
    const current = new Map((await tx.all<OrderRow>(`SELECT * FROM orders WHERE ${byNo}`, noParams)).map((r) => [r.order_no, toOrder(r)]));
    const write: Order[] = [];
    const superseded: string[] = [];
    for (const o of orders) {
      const was = current.get(o.orderNo);
      if (was && sameOrder(was, o)) {
        imp.counts.unchanged++;
        continue;
      }
      if (was) {
        imp.counts.updated++;
        superseded.push(o.orderNo);
      } else imp.counts.inserted++;
      write.push(o);
    }
    // The visible row stays visible until the publish: superseded_at names this (unpublished) generation.
    if (superseded.length) {
      const [which, params] = oneOf(tx, 'order_no', superseded);
      await tx.run(`UPDATE order_versions SET superseded_at = ? WHERE ${which} AND gen <= ? AND superseded_at IS NULL`, [imp.gen, ...params, imp.base]);
    }
    await insertRows(tx, write, imp.at, imp.gen);
    return write.map((o) => o.trackingNo);
  });
  // The holds these orders' clocks may change, read after the chunk's transaction (a hold opened in
  // between is newer than holdsBefore, so the publish refreshes it anyway).
  if (written.length) {
    const [which, params] = oneOf(engine.read, 'p.tracking_no', written);
    const held = await engine.read.all<{ id: number }>(`SELECT h.id FROM parcels p JOIN holds h ON h.parcel_id = p.id WHERE ${which}`, params);
    for (const h of held) imp.holds.add(Number(h.id));
  }
}

/**
 * Publishes the import inside the caller's write transaction (with the other files of the import):
 * its rows become the visible orders, the clock days of the holds whose orders it wrote follow, and
 * the audit event records the counts, as before. Throws IMPORT_REJECTED (nothing published) on a conflict.
 */
export async function publishOrderImport(tx: Sql, imp: OrderImport, actor: string): Promise<UpsertCounts> {
  if (imp.conflicts.length) throw new AppError('IMPORT_REJECTED', `${imp.file} rejected`, imp.conflicts.slice(0, 50));
  const r = await tx.run(
    `UPDATE order_imports SET state = 'published', touched_at = ? WHERE gen = ? AND owner = ? AND state = 'writing'
       AND NOT EXISTS (SELECT 1 FROM order_imports older WHERE older.gen < ? AND older.state = 'writing')`,
    [wallClock(), imp.gen, imp.owner, imp.gen],
  );
  if (r.changes !== 1) throw new AppError('CONFLICT', `The orders import (generation ${imp.gen}) could not be published: another import holds an older generation`);
  const counts = { ...imp.counts };
  // A delivery date starts a held parcel's return window: the stored clock days of the holds on the
  // import's parcels follow it in this transaction, and so do those of holds opened while it ran.
  if (counts.inserted + counts.updated) {
    const since = await tx.all<{ id: number }>('SELECT id FROM holds WHERE id > ?', [imp.holdsBefore]);
    await refreshHoldClocks(tx, { holds: [...new Set([...imp.holds, ...since.map((h) => Number(h.id))])] });
  }
  await appendAudit(tx, { actor, action: 'import.orders', entityType: 'file', entityId: imp.file, details: counts }, imp.at);
  return counts;
}

/** Runs `step` (one write transaction returning the rows it changed) until it changes none. */
async function inChunks(engine: Engine, step: (tx: Sql) => Promise<number>): Promise<void> {
  while ((await engine.write(step)) > 0) {
    // next chunk
  }
}

/** Removes an unpublished generation's rows and restores the rows it superseded, chunk by chunk, then marks it aborted. */
async function cleanGeneration(engine: Engine, gen: number, owner: string): Promise<void> {
  await inChunks(engine, async (tx) =>
    (await tx.run(
      'UPDATE order_versions SET superseded_at = NULL WHERE superseded_at = ? AND order_no IN (SELECT order_no FROM order_versions WHERE superseded_at = ? LIMIT ?)',
      [gen, gen, CLEAN_CHUNK_ROWS],
    )).changes,
  );
  await inChunks(engine, async (tx) =>
    (await tx.run('DELETE FROM order_versions WHERE gen = ? AND order_no IN (SELECT order_no FROM order_versions WHERE gen = ? LIMIT ?)', [gen, gen, CLEAN_CHUNK_ROWS])).changes,
  );
  await engine.write(async (tx) => {
    // Aborted only when truly empty: an aborted generation below a published one would otherwise show.
    const r = await tx.run(
      `UPDATE order_imports SET state = 'aborted', touched_at = ? WHERE gen = ? AND owner = ? AND state = 'writing'
         AND NOT EXISTS (SELECT 1 FROM order_versions WHERE gen = ?) AND NOT EXISTS (SELECT 1 FROM order_versions WHERE superseded_at = ?)`,
      [wallClock(), gen, owner, gen, gen],
    );
    if (r.changes !== 1) throw new AppError('CONFLICT', `The abandoned orders import (generation ${gen}) could not be cleaned up`);
  });
}

/** A failed import removes what it wrote (nothing of it was ever visible). */
export async function abortOrderImport(engine: Engine, imp: OrderImport): Promise<void> {
  await cleanGeneration(engine, imp.gen, imp.owner);
}

/** After the publish: the rows it superseded (invisible now) are deleted chunk by chunk. */
export async function settleOrderImports(engine: Engine): Promise<void> {
  for (;;) {
    const g = await engine.read.get<{ g: number | null }>(`SELECT min(superseded_at) AS g FROM order_versions WHERE superseded_at IS NOT NULL AND superseded_at <= ${PUBLISHED_GEN}`);
    if (g?.g === null || g?.g === undefined) return;
    const gen = Number(g.g);
    await inChunks(engine, async (tx) =>
      (await tx.run(
        'DELETE FROM order_versions WHERE superseded_at = ? AND order_no IN (SELECT order_no FROM order_versions WHERE superseded_at = ? LIMIT ?)',
        [gen, gen, CLEAN_CHUNK_ROWS],
      )).changes,
    );
  }
}

/**
 * Cleans up after imports that stopped: a 'writing' generation whose process is gone or whose lease
 * went stale is taken over (so its process, if it wakes up, can write no more) and removed; rows a
 * published generation superseded are deleted. A live import is left alone.
 */
export async function recoverOrderImports(engine: Engine): Promise<void> {
  const leases = await engine.read.all<LeaseRow>("SELECT * FROM order_imports WHERE state = 'writing' ORDER BY gen");
  for (const lease of leases) {
    const stale = Date.now() - Date.parse(lease.touched_at) > LEASE_STALE_MS || processGone(lease.owner);
    if (!stale) continue;
    const owner = leaseOwner();
    const taken = await engine.write(async (tx) =>
      (await tx.run("UPDATE order_imports SET owner = ?, touched_at = ? WHERE gen = ? AND owner = ? AND touched_at = ? AND state = 'writing'", [
        owner, wallClock(), Number(lease.gen), lease.owner, lease.touched_at,
      ])).changes,
    );
    if (taken === 1) await cleanGeneration(engine, Number(lease.gen), owner);
  }
  await settleOrderImports(engine);
}
