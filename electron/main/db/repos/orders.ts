// Orders as the station reads them: looked up by tracking number, and the categories declared under a
// brand. `orders` is the view of the published orders (migration 14); imports write in generations
// (orderImport.ts).
import type { OrderChannel } from '../../../../shared/channels';
import type { Order } from '../../../../shared/types';
import type { Sql } from '../sql';

export interface OrderRow {
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

export const toOrder = (r: OrderRow): Order => ({
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
