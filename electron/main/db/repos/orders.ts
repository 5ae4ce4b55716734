// Orders: looked up by tracking number at the station, imported from the shop's export. A large
// import is staged in bounded chunks (each chunk its own short write transaction), then merged into
// `orders` by a few set-based statements inside the import's transaction: the import stays
// all-or-nothing (nothing reaches `orders` until the merge commits), and other stations' writes wait
// for a chunk or the merge, never for the whole import.
import { randomBytes } from 'node:crypto';
import type { OrderChannel } from '../../../../shared/channels';
import type { Order } from '../../../../shared/types';
import { AppError } from '../../../../shared/result';
import { appendAudit } from '../audit';
import type { Engine, Sql } from '../sql';
import type { UpsertCounts } from '../storage';
import { refreshHoldClocks } from './holdClockDays';

interface OrderRow {
  order_no: string;
  tracking_no: string;
  customer: string;
  item: string;
  declared_brand: string | null;
  category: string;
  channel: string;
  store_id: string;
  store_name: string;
  seller_tax_id: string | null;
  purchase_date: string;
  amount_fen: number;
  delivery_date: string | null;
}

const toOrder = (r: OrderRow): Order => ({
  orderNo: r.order_no,
  trackingNo: r.tracking_no,
  customer: r.customer,
  item: r.item,
  declaredBrand: r.declared_brand,
  category: r.category,
  channel: r.channel as OrderChannel,
  storeId: r.store_id,
  storeName: r.store_name,
  sellerTaxId: r.seller_tax_id,
  purchaseDate: r.purchase_date,
  amountFen: Number(r.amount_fen),
  deliveryDate: r.delivery_date ?? null,
});

export async function orderByTracking(db: Sql, trackingNo: string): Promise<Order | null> {
  const r = await db.get<OrderRow>('SELECT * FROM orders WHERE tracking_no = ?', [trackingNo.toUpperCase()]);
  return r ? toOrder(r) : null;
}

/**
 * The categories (lower case) of the orders that declare a brand by one of `names` (its id, name and
 * aliases, compared in lower case): where the registry names none, what the customers bought under the
 * brand is what the brand sells. Read only for a brand word seen on a parcel, so the scan is rare.
 */
export async function declaredCategories(db: Sql, names: readonly string[]): Promise<string[]> {
  const keys = [...new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
  if (!keys.length) return [];
  const rows = await db.all<{ c: string }>(`SELECT DISTINCT lower(category) AS c FROM orders WHERE lower(declared_brand) IN (${keys.map(() => '?').join(', ')}) ORDER BY c LIMIT 100`, keys);
  return rows.map((r) => r.c);
}

const COLUMNS = 'order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name, seller_tax_id, purchase_date, amount_fen, delivery_date';

/** Every column but the key and the timestamp, taken from the incoming row (`excluded`). */
const UPDATE_FROM_EXCLUDED = `tracking_no = excluded.tracking_no, customer = excluded.customer,
  item = excluded.item, declared_brand = excluded.declared_brand, category = excluded.category,
  channel = excluded.channel, store_id = excluded.store_id, store_name = excluded.store_name,
  seller_tax_id = excluded.seller_tax_id, purchase_date = excluded.purchase_date,
  amount_fen = excluded.amount_fen, delivery_date = excluded.delivery_date, updated_at = excluded.updated_at`;

const UPSERT_ORDER = `INSERT INTO orders (${COLUMNS}, updated_at)
  VALUES (@orderNo, @trackingNo, @customer, @item, @declaredBrand, @category, @channel, @storeId, @storeName,
    @sellerTaxId, @purchaseDate, @amountFen, @deliveryDate, @at)
  ON CONFLICT(order_no) DO UPDATE SET ${UPDATE_FROM_EXCLUDED}`;

/** A file of orders row by row, inside the caller's write transaction; refused whole on a tracking-number conflict. */
export async function importOrders(db: Sql, orders: Order[], actor: string, file: string, at: string): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const conflicts: string[] = [];
  for (const o of orders) {
    const other = await db.get<{ order_no: string }>('SELECT order_no FROM orders WHERE tracking_no = ?', [o.trackingNo]);
    if (other && other.order_no !== o.orderNo) {
      conflicts.push(`${file}: order ${o.orderNo}, column "tracking_no": ${o.trackingNo} already belongs to stored order ${other.order_no}`);
    }
  }
  // Rolled back whole: a file is stored entirely or not at all.
  if (conflicts.length) throw new AppError('IMPORT_REJECTED', `${file} rejected`, conflicts);
  for (const o of orders) {
    const row = await db.get<OrderRow>('SELECT * FROM orders WHERE order_no = ?', [o.orderNo]);
    if (row && JSON.stringify(toOrder(row)) === JSON.stringify({ ...o, deliveryDate: o.deliveryDate ?? null })) {
      counts.unchanged++;
      continue;
    }
    if (row) counts.updated++;
    else counts.inserted++;
    await db.run(UPSERT_ORDER, { ...o, deliveryDate: o.deliveryDate ?? null, at });
  }
  // A delivery date starts a held parcel's return window: its stored clock days follow the import.
  if (counts.inserted + counts.updated) await refreshHoldClocks(db, { importAt: at });
  await appendAudit(db, { actor, action: 'import.orders', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

// ---- staged import --------------------------------------------------------------------------

export const STAGE_CHUNK = 2_000;

/** Staged rows per INSERT: one statement carries many rows (row by row took about 25 s a million on PostgreSQL). */
const STAGE_ROWS_PER_STATEMENT = 500;
const STAGE_ONE = `(${Array.from({ length: COLUMNS.split(', ').length + 1 }, () => '?').join(', ')})`;
const stageStatements = new Map<number, string>();

/** The multi-row INSERT for `n` staged rows (two lengths in practice: full statements and the last one). */
function stageStatement(n: number): string {
  let sql = stageStatements.get(n);
  if (!sql) {
    sql = `INSERT INTO import_staging_orders (batch, ${COLUMNS}) VALUES ${Array.from({ length: n }, () => STAGE_ONE).join(', ')}`;
    if (stageStatements.size < 16) stageStatements.set(n, sql);
  }
  return sql;
}

/** One staged row's values, in COLUMNS order after the batch. */
const stagedValues = (batch: string, o: Order): unknown[] => [
  batch, o.orderNo, o.trackingNo, o.customer, o.item, o.declaredBrand ?? null, o.category, o.channel, o.storeId, o.storeName,
  o.sellerTaxId ?? null, o.purchaseDate, o.amountFen, o.deliveryDate ?? null,
];

/** Writes the orders to the staging table under a new batch id, each chunk its own write transaction of multi-row INSERTs. */
export async function stageOrders(engine: Engine, orders: readonly Order[]): Promise<string> {
  const batch = randomBytes(8).toString('hex');
  try {
    for (let i = 0; i < orders.length; i += STAGE_CHUNK) {
      const rows = orders.slice(i, i + STAGE_CHUNK);
      await engine.write(async (tx) => {
        for (let j = 0; j < rows.length; j += STAGE_ROWS_PER_STATEMENT) {
          const part = rows.slice(j, j + STAGE_ROWS_PER_STATEMENT);
          await tx.run(stageStatement(part.length), part.flatMap((o) => stagedValues(batch, o)));
        }
      });
    }
  } catch (e) {
    await dropStaged(engine, batch);
    throw e;
  }
  return batch;
}

/** Merges a staged batch into `orders`. Call inside the write transaction; throws IMPORT_REJECTED (rolled back) on a conflict. */
export async function mergeStagedOrders(db: Sql, batch: string, actor: string, file: string, at: string): Promise<UpsertCounts> {
  const conflicts = await db.all<{ order_no: string; tracking_no: string; other: string }>(
    `SELECT s.order_no, s.tracking_no, o.order_no AS other FROM import_staging_orders s
     JOIN orders o ON o.tracking_no = s.tracking_no AND o.order_no <> s.order_no
     WHERE s.batch = ? LIMIT 50`,
    [batch],
  );
  if (conflicts.length) {
    throw new AppError(
      'IMPORT_REJECTED',
      `${file} rejected`,
      conflicts.map((c) => `${file}: order ${c.order_no}, column "tracking_no": ${c.tracking_no} already belongs to stored order ${c.other}`),
    );
  }
  const n = async (sql: string) => Number((await db.get<{ n: number }>(sql, [batch]))?.n ?? 0);
  const total = await n('SELECT count(*) AS n FROM import_staging_orders WHERE batch = ?');
  const inserted = await n('SELECT count(*) AS n FROM import_staging_orders s WHERE s.batch = ? AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no = s.order_no)');
  const unchanged = await n(
    `SELECT count(*) AS n FROM import_staging_orders s JOIN orders o ON o.order_no = s.order_no
     WHERE s.batch = ? AND o.tracking_no = s.tracking_no AND o.customer = s.customer AND o.item = s.item
       AND o.declared_brand IS NOT DISTINCT FROM s.declared_brand AND o.category = s.category AND o.channel = s.channel AND o.store_id = s.store_id
       AND o.store_name = s.store_name AND o.seller_tax_id IS NOT DISTINCT FROM s.seller_tax_id AND o.purchase_date = s.purchase_date
       AND o.amount_fen = s.amount_fen AND o.delivery_date IS NOT DISTINCT FROM s.delivery_date`,
  );
  await db.run(
    `INSERT INTO orders (${COLUMNS}, updated_at)
     SELECT ${COLUMNS}, CAST(@at AS TEXT) FROM import_staging_orders WHERE batch = @batch ORDER BY rowid
     ON CONFLICT(order_no) DO UPDATE SET ${UPDATE_FROM_EXCLUDED}
     WHERE orders.tracking_no IS DISTINCT FROM excluded.tracking_no OR orders.customer IS DISTINCT FROM excluded.customer
       OR orders.item IS DISTINCT FROM excluded.item OR orders.declared_brand IS DISTINCT FROM excluded.declared_brand
       OR orders.category IS DISTINCT FROM excluded.category OR orders.channel IS DISTINCT FROM excluded.channel
       OR orders.store_id IS DISTINCT FROM excluded.store_id OR orders.store_name IS DISTINCT FROM excluded.store_name
       OR orders.seller_tax_id IS DISTINCT FROM excluded.seller_tax_id OR orders.purchase_date IS DISTINCT FROM excluded.purchase_date
       OR orders.amount_fen IS DISTINCT FROM excluded.amount_fen OR orders.delivery_date IS DISTINCT FROM excluded.delivery_date`,
    { batch, at },
  );
  const counts = { inserted, updated: total - inserted - unchanged, unchanged };
  if (counts.inserted + counts.updated) await refreshHoldClocks(db, { importAt: at });
  await appendAudit(db, { actor, action: 'import.orders', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

/** Removes a staged batch, chunk by chunk, each its own write transaction (after a merge, or after a failure). */
export async function dropStaged(engine: Engine, batch: string): Promise<void> {
  const chunk = () =>
    engine.write((tx) => tx.run('DELETE FROM import_staging_orders WHERE rowid IN (SELECT rowid FROM import_staging_orders WHERE batch = ? LIMIT ?)', [batch, STAGE_CHUNK]));
  while ((await chunk()).changes > 0) {
    // next chunk
  }
}
