// The optional delivery_date column of orders.csv: it starts the seller's return window.
import { describe, expect, it } from 'vitest';
import { parseOrdersFile } from '../../shared/imports/ordersFile';

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';
const ROW = 'ORD1,SF1234567890,C1,帆布包,,apparel,TAOBAO,shop-1,店,,2026-10-18,17.00';

describe('orders.csv delivery_date', () => {
  it('is optional: without the column, or empty, there is no delivery date', () => {
    expect(parseOrdersFile('orders.csv', enc(`${HEADER}\n${ROW}\n`))).toMatchObject({ ok: true, items: [{ deliveryDate: null }] });
    expect(parseOrdersFile('orders.csv', enc(`${HEADER},delivery_date\n${ROW},\n`))).toMatchObject({ ok: true, items: [{ deliveryDate: null }] });
  });

  it('is read in any column position', () => {
    const r = parseOrdersFile('orders.csv', enc(`delivery_date,${HEADER}\n2026-10-21,${ROW}\n`));
    expect(r).toMatchObject({ ok: true, items: [{ orderNo: 'ORD1', deliveryDate: '2026-10-21' }] });
  });

  it.each([
    ['2026-10-32', 'column "delivery_date": not a date YYYY-MM-DD'],
    ['21/10/2026', 'column "delivery_date": not a date YYYY-MM-DD'],
    ['2026-10-17', 'column "delivery_date": before the purchase date 2026-10-18'],
  ])('refuses %s naming line and column', (date, message) => {
    const r = parseOrdersFile('orders.csv', enc(`${HEADER},delivery_date\n${ROW},${date}\n`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain(`orders.csv line 2, ${message}`);
  });
});
