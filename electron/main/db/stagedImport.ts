// Orders are imported in bounded chunks into a staging table (each chunk its own short transaction),
// then merged into `orders` by a few set-based statements in one short transaction: the import stays
// all-or-nothing (nothing reaches `orders` until the merge commits), and other stations' writes wait
// for a chunk or the merge, never for the whole import.
import { randomBytes } from 'node:crypto';
import type { Order } from '../../../shared/types';
import { AppError } from '../../../shared/result';
import { appendAudit } from './audit';
import type { Db } from './database';
import type { UpsertCounts } from './storage';

export const STAGE_CHUNK = 2_000;

const COLUMNS = 'order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name, seller_tax_id, purchase_date, amount_fen, delivery_date';

/** Writes the orders to the staging table under a new batch id, chunk by chunk. */
export function stageOrders(db: Db, orders: readonly Order[]): string {
  const batch = randomBytes(8).toString('hex');
  const insert = db.prepare(
    `INSERT INTO import_staging_orders (batch, ${COLUMNS})
     VALUES (@batch, @orderNo, @trackingNo, @customer, @item, @declaredBrand, @category, @channel, @storeId, @storeName, @sellerTaxId, @purchaseDate, @amountFen, @deliveryDate)`,
  );
  const chunk = db.transaction((rows: readonly Order[]) => {
    for (const o of rows) insert.run({ batch, ...o, deliveryDate: o.deliveryDate ?? null });
  });
  try {
    for (let i = 0; i < orders.length; i += STAGE_CHUNK) chunk.immediate(orders.slice(i, i + STAGE_CHUNK));
  } catch (e) {
    dropStaged(db, batch);
    throw e;
  }
  return batch;
}

/** Merges a staged batch into `orders`. Call inside the write transaction; throws IMPORT_REJECTED (rolled back) on a conflict. */
export function mergeStagedOrders(db: Db, batch: string, actor: string, file: string, at: string): UpsertCounts {
  const conflicts = db
    .prepare(
      `SELECT s.order_no, s.tracking_no, o.order_no AS other FROM import_staging_orders s
       JOIN orders o ON o.tracking_no = s.tracking_no AND o.order_no <> s.order_no
       WHERE s.batch = ? LIMIT 50`,
    )
    .all(batch) as { order_no: string; tracking_no: string; other: string }[];
  if (conflicts.length) {
    throw new AppError(
      'IMPORT_REJECTED',
      `${file} rejected`,
      conflicts.map((c) => `${file}: order ${c.order_no}, column "tracking_no": ${c.tracking_no} already belongs to stored order ${c.other}`),
    );
  }
  const n = (sql: string) => (db.prepare(sql).get(batch) as { n: number }).n;
  const total = n('SELECT count(*) AS n FROM import_staging_orders WHERE batch = ?');
  const inserted = n('SELECT count(*) AS n FROM import_staging_orders s WHERE s.batch = ? AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no = s.order_no)');
  const unchanged = n(
    `SELECT count(*) AS n FROM import_staging_orders s JOIN orders o ON o.order_no = s.order_no
     WHERE s.batch = ? AND o.tracking_no = s.tracking_no AND o.customer = s.customer AND o.item = s.item
       AND o.declared_brand IS s.declared_brand AND o.category = s.category AND o.channel = s.channel AND o.store_id = s.store_id
       AND o.store_name = s.store_name AND o.seller_tax_id IS s.seller_tax_id AND o.purchase_date = s.purchase_date AND o.amount_fen = s.amount_fen AND o.delivery_date IS s.delivery_date`,
  );
  db.prepare(
    `INSERT INTO orders (${COLUMNS}, updated_at)
     SELECT ${COLUMNS}, @at FROM import_staging_orders WHERE batch = @batch ORDER BY rowid
     ON CONFLICT(order_no) DO UPDATE SET tracking_no = excluded.tracking_no, customer = excluded.customer,
       item = excluded.item, declared_brand = excluded.declared_brand, category = excluded.category,
       channel = excluded.channel, store_id = excluded.store_id, store_name = excluded.store_name,
       seller_tax_id = excluded.seller_tax_id, purchase_date = excluded.purchase_date,
       amount_fen = excluded.amount_fen, delivery_date = excluded.delivery_date, updated_at = excluded.updated_at
     WHERE orders.tracking_no IS NOT excluded.tracking_no OR orders.customer IS NOT excluded.customer OR orders.item IS NOT excluded.item
       OR orders.declared_brand IS NOT excluded.declared_brand OR orders.category IS NOT excluded.category OR orders.channel IS NOT excluded.channel
       OR orders.store_id IS NOT excluded.store_id OR orders.store_name IS NOT excluded.store_name OR orders.seller_tax_id IS NOT excluded.seller_tax_id
       OR orders.purchase_date IS NOT excluded.purchase_date OR orders.amount_fen IS NOT excluded.amount_fen
       OR orders.delivery_date IS NOT excluded.delivery_date`,
  ).run({ batch, at });
  const counts = { inserted, updated: total - inserted - unchanged, unchanged };
  appendAudit(db, { actor, action: 'import.orders', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

/** Removes a staged batch, chunk by chunk (after a merge, or after a failure). */
export function dropStaged(db: Db, batch: string): void {
  const del = db.prepare('DELETE FROM import_staging_orders WHERE rowid IN (SELECT rowid FROM import_staging_orders WHERE batch = ? LIMIT ?)');
  while (db.transaction(() => del.run(batch, STAGE_CHUNK).changes).immediate() > 0) {
    // next chunk
  }
}
