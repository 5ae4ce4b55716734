import { describe, expect, it } from 'vitest';
import { parseOrdersFile, parseAmountFen } from '../../shared/imports/ordersFile';
import { parseBrandsFile, parseCertificatesFile } from '../../shared/imports/registryFiles';

const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';
const row = (o: Partial<Record<string, string>> = {}) => {
  const v = { order_no: 'ORD1', tracking_no: 'SF1234567890', customer: 'C1', item: '帆布包', declared_brand: '', category: 'apparel', channel: 'TAOBAO', store_id: 'shop-1', store_name: '店', seller_tax_id: '', purchase_date: '2026-10-18', amount_cny: '1737.00', ...o };
  return HEADER.split(',').map((k) => v[k as keyof typeof v]).join(',');
};

describe('orders.csv', () => {
  it('parses a good file, with amounts in fen and channels upper-cased', () => {
    const r = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row()}\n${row({ order_no: 'ORD2', tracking_no: 'zt999999999', channel: 'jd_self_operated', amount_cny: '12.5' })}\n`));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items[1]).toMatchObject({ orderNo: 'ORD2', trackingNo: 'ZT999999999', channel: 'JD_SELF_OPERATED', amountFen: 1250, declaredBrand: null });
  });

  it.each([
    [row({ channel: 'EBAY' }), 'line 2, column "channel": unknown channel'],
    [row({ purchase_date: '2026-02-30' }), 'line 2, column "purchase_date": not a date'],
    [row({ tracking_no: '' }), 'line 2, column "tracking_no": missing tracking number'],
    [row({ amount_cny: '12.5x' }), 'line 2, column "amount_cny"'],
    [row({ seller_tax_id: '1234' }), 'line 2, column "seller_tax_id"'],
  ])('rejects a bad row and names line and column: %s', (bad, message) => {
    const r = parseOrdersFile('orders.csv', enc(`${HEADER}\n${bad}\n`));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain(message);
  });

  it('names a missing column, a short row and a repeated tracking number', () => {
    const missing = parseOrdersFile('orders.csv', enc('order_no,tracking_no\nA,B\n'));
    expect(!missing.ok && missing.errors[0]).toContain('missing columns customer, item');
    const short = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row()}\nORD9,SF1\n`));
    expect(!short.ok && short.errors[0]).toContain('line 3: 2 fields, the header has 12');
    const twice = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row()}\n${row({ order_no: 'ORD2' })}\n`));
    expect(!twice.ok && twice.errors[0]).toContain('line 3, column "tracking_no": repeats line 2');
  });

  it('refuses a file that is not UTF-8 (GBK) and says where', () => {
    const gbk = new Uint8Array([...enc(`${HEADER}\nORD1,SF1234567890,C1,`), 0xb2, 0xbc, ...enc(',,apparel,TAOBAO,s,x,,2026-10-18,1.00\n')]);
    const r = parseOrdersFile('orders.csv', gbk);
    expect(!r.ok && r.errors[0]).toMatch(/orders\.csv: not UTF-8 text \(byte \d+/);
  });

  it('reads amounts exactly', () => {
    expect(parseAmountFen('0.10')).toBe(10);
    expect(parseAmountFen('¥2,183.00')).toBe(218300);
    expect(parseAmountFen('1.234')).toBeNull();
  });
});

describe('brands.json and certificates.json', () => {
  it('names line and column of malformed JSON', () => {
    const r = parseBrandsFile('brands.json', enc('[\n  {"id": "nike",\n  "name": }\n]'));
    expect(!r.ok && r.errors[0]).toMatch(/brands\.json: malformed JSON at line 3, column \d+/);
  });

  it('names the item, id and field of a bad brand', () => {
    const r = parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike', gs1Prefixes: ['12a'], officialStores: [{ channel: 'EBAY', storeId: 'x', name: 'y' }] }])));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join('\n')).toContain('brands.json brand 1 (id "nike"), field "gs1Prefixes[0]"');
      expect(r.errors.join('\n')).toContain('field "officialStores[0].channel"');
    }
  });

  it('refuses a certificate for a brand the registry does not have, and one that ends before it starts', () => {
    const c = { id: 'C1', brandId: 'adidas', sellerName: 'x', sellerTaxId: '913356684C6RTNLYJX', validFrom: '2025-01-01', validTo: '2024-01-01', scope: ['toys'] };
    const r = parseCertificatesFile('certificates.json', enc(JSON.stringify([c])), new Set(['nike']));
    expect(!r.ok && r.errors.join('\n')).toContain('validTo is before validFrom');
    const r2 = parseCertificatesFile('certificates.json', enc(JSON.stringify([{ ...c, validTo: '2026-01-01' }])), new Set(['nike']));
    expect(!r2.ok && r2.errors[0]).toContain('no brand "adidas" in the registry');
  });
});
