// A large orders file goes through the staging table in multi-row INSERTs (several statements to a
// chunk, the last one shorter) and merges whole: every row lands as given, a second import of the
// same rows with one delivery date changed updates that one order and leaves the rest.
import { describe, expect, it } from 'vitest';
import { dropStaged, mergeStagedOrders, stageOrders } from '../../electron/main/db/repos/orders';
import type { Order } from '../../shared/types';
import { freshService, rawEngine } from '../helpers/service';

const N = 2_345; // two chunks of staging, each of several statements, the last ones short

const order = (i: number, deliveryDate: string | null): Order => ({
  orderNo: `BULK${String(i).padStart(6, '0')}`,
  trackingNo: `BK${String(i).padStart(10, '0')}`,
  customer: `C${i}`,
  item: i % 2 ? '帆布包' : 'notebook, "A5"',
  declaredBrand: i % 3 ? null : 'burberry',
  category: 'apparel',
  channel: 'TAOBAO',
  storeId: `shop-${i % 17}`,
  storeName: '广州潮流服饰批发',
  sellerTaxId: i % 5 ? null : '91440101MA5CXXXX1X',
  purchaseDate: '2026-10-18',
  amountFen: 1000 + i,
  deliveryDate,
});

describe('staged order import', () => {
  it('stages thousands of orders in multi-row statements and merges them exactly', async () => {
    const t = freshService();
    await t.sys('users:list', {});
    await t.service.close();
    const engine = rawEngine(t.dbFile);
    try {
      const at = '2026-11-01T00:00:00.000Z';
      const first = Array.from({ length: N }, (_, i) => order(i, i % 4 ? null : '2026-10-25'));
      const batch = await stageOrders(engine, first);
      expect(Number((await engine.read.get<{ n: number }>('SELECT count(*) AS n FROM import_staging_orders WHERE batch = ?', [batch]))?.n)).toBe(N);
      expect(await engine.write((tx) => mergeStagedOrders(tx, batch, 'test', 'bulk.csv', at))).toEqual({ inserted: N, updated: 0, unchanged: 0 });
      await dropStaged(engine, batch);
      const stored = await engine.read.all<Record<string, unknown>>(
        'SELECT order_no, tracking_no, customer, item, declared_brand, category, channel, store_id, store_name, seller_tax_id, purchase_date, amount_fen, delivery_date FROM orders WHERE order_no LIKE ? ORDER BY order_no',
        ['BULK%'],
      );
      expect(stored.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }))).toEqual(
        first.map((o) => ({
          order_no: o.orderNo, tracking_no: o.trackingNo, customer: o.customer, item: o.item, declared_brand: o.declaredBrand, category: o.category,
          channel: o.channel, store_id: o.storeId, store_name: o.storeName, seller_tax_id: o.sellerTaxId, purchase_date: o.purchaseDate,
          amount_fen: o.amountFen, delivery_date: o.deliveryDate,
        })),
      );

      const second = first.map((o, i) => (i === 1234 ? { ...o, deliveryDate: '2026-10-30' } : o));
      const again = await stageOrders(engine, second);
      expect(await engine.write((tx) => mergeStagedOrders(tx, again, 'test', 'bulk.csv', '2026-11-02T00:00:00.000Z'))).toEqual({ inserted: 0, updated: 1, unchanged: N - 1 });
      await dropStaged(engine, again);
      expect((await engine.read.get<{ d: string }>('SELECT delivery_date AS d FROM orders WHERE order_no = ?', ['BULK001234']))?.d).toBe('2026-10-30');
      expect(Number((await engine.read.get<{ n: number }>('SELECT count(*) AS n FROM import_staging_orders'))?.n)).toBe(0);
    } finally {
      await engine.close();
    }
  });
});
