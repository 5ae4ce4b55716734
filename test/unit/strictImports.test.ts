// Strict imports: one typo in brands.json once turned a HOLD into a CLEAR. Unknown, misspelled and
// repeated keys, unbounded or control-character fields, wrong credit-code check characters,
// duplicated CSV columns and deeply nested JSON are refused with the line and key named.
import { describe, expect, it } from 'vitest';
import { parseBrandsFile, parseCertificatesFile } from '../../shared/imports/registryFiles';
import { parseOrdersFile } from '../../shared/imports/ordersFile';
import { creditCodeCheckChar } from '../../shared/reading/creditCode';

const enc = (s: string) => new TextEncoder().encode(s);
const errorsOf = (r: { ok: true } | { ok: false; errors: string[] }) => (r.ok ? '' : r.errors.join('\n'));
const GOOD_CODE = `91330000MA2XXXXX0${creditCodeCheckChar('91330000MA2XXXXX0')}`;
const BAD_CODE = `91330000MA2XXXXX0${creditCodeCheckChar('91330000MA2XXXXX0') === 'A' ? 'B' : 'A'}`;
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';
const row = (o: Partial<Record<string, string>> = {}) => {
  const v = { order_no: 'ORD1', tracking_no: 'SF1234567890', customer: 'C1', item: '帆布包', declared_brand: '', category: 'apparel', channel: 'TAOBAO', store_id: 'shop-1', store_name: '店', seller_tax_id: '', purchase_date: '2026-10-18', amount_cny: '1737.00', ...o };
  return HEADER.split(',').map((k) => v[k as keyof typeof v]).join(',');
};
const cert = (o: Record<string, unknown> = {}) => ({ id: 'C1', brandId: 'nike', sellerName: '宁波', sellerTaxId: GOOD_CODE, validFrom: '2025-01-01', validTo: '2027-01-01', scope: ['footwear'], ...o });

describe('brands.json and certificates.json are strict', () => {
  it('refuses a misspelled key ("Aliases") with its line and the key it meant', () => {
    const r = parseBrandsFile('brands.json', enc('[\n  {"id": "nike", "name": "Nike",\n   "Aliases": ["NIKE", "耐克"]}\n]'));
    expect(r.ok).toBe(false);
    expect(errorsOf(r)).toContain('line 3, unknown key "Aliases" (did you mean "aliases"?)');
  });

  it('refuses an unknown key inside an official store and in a certificate', () => {
    const b = parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike', officialStores: [{ channel: 'TMALL_FLAGSHIP', storeId: 's', name: 'n', storeID: 'x' }] }])));
    expect(errorsOf(b)).toContain('officialStores[0]: unknown key "storeID" (did you mean "storeId"?)');
    const c = parseCertificatesFile('certificates.json', enc(JSON.stringify([{ ...cert(), scopes: ['toys'] }])), new Set(['nike']));
    expect(errorsOf(c)).toContain('unknown key "scopes" (did you mean "scope"?)');
  });

  it('refuses a repeated key with both lines (JSON.parse would keep the last silently)', () => {
    const r = parseBrandsFile('brands.json', enc('[{"id": "nike", "name": "Nike",\n "aliases": ["NIKE"],\n "aliases": []}]'));
    expect(errorsOf(r)).toContain('line 3, column');
    expect(errorsOf(r)).toContain('key "aliases" repeats (first on line 2)');
  });

  it('accepts the look-alike list (strings or {mark, source}) as a known key', () => {
    const r = parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike', aliases: ['NIKE'], lookalikes: ['NIKKE', { mark: 'NIKEE', source: 'customs 2025' }] }])));
    expect(errorsOf(r)).toBe('');
    expect(r.ok).toBe(true);
  });

  it('tells a left-out list from an explicit empty one', () => {
    const r = parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike' }, { id: 'muji', name: 'MUJI', aliases: [] }])));
    expect(r.ok && r.items.map((b) => b.aliases)).toEqual([undefined, []]);
  });

  it('refuses NUL and control characters, and overlong fields', () => {
    expect(errorsOf(parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Ni\u0000ke' }]))))).toContain('control character (U+0000)');
    expect(errorsOf(parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike', aliases: ['N\u202eEKIN'] }]))))).toContain('control character (U+202E)');
    expect(errorsOf(parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'N'.repeat(5000) }]))))).toContain('longer than 120 characters');
    expect(errorsOf(parseBrandsFile('brands.json', enc(JSON.stringify([{ id: 'nike', name: 'Nike', aliases: Array.from({ length: 600 }, (_, i) => `A${i}`) }]))))).toContain('more than 500 entries');
  });

  it('refuses a credit code whose check character is wrong', () => {
    const ok = parseCertificatesFile('certificates.json', enc(JSON.stringify([cert()])), new Set(['nike']));
    expect(errorsOf(ok)).toBe('');
    const bad = parseCertificatesFile('certificates.json', enc(JSON.stringify([cert({ sellerTaxId: BAD_CODE })])), new Set(['nike']));
    expect(errorsOf(bad)).toContain('field "sellerTaxId": the check character (the last one) is wrong');
  });

  it('answers deeply nested JSON with a clear error naming the line', () => {
    const deep = `[{"id": "nike", "name": "Nike", "aliases":\n${'['.repeat(5000)}${']'.repeat(5000)}}]`;
    const r = parseBrandsFile('brands.json', enc(deep));
    expect(errorsOf(r)).toMatch(/brands\.json: line 2, column \d+: nested deeper than 16 levels/);
  });
});

describe('orders.csv is strict', () => {
  it('refuses duplicated header columns, naming them', () => {
    const r = parseOrdersFile('orders.csv', enc(`${HEADER},channel\n${row()},TMALL_FLAGSHIP\n`));
    expect(errorsOf(r)).toContain('line 1 (header): column channel appears more than once');
  });

  it('refuses an item of 50 MB and a NUL in a field, naming line and column', () => {
    const big = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row({ item: 'x'.repeat(50 * 1024 * 1024) })}\n`));
    expect(errorsOf(big)).toMatch(/orders\.csv line 2: a row longer than 16384 characters/);
    const long = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row({ item: 'x'.repeat(5000) })}\n`));
    expect(errorsOf(long)).toContain('line 2, column "item": longer than 500 characters');
    const nul = parseOrdersFile('orders.csv', enc(`${HEADER}\n${row({ customer: 'C\u00001' })}\n`));
    expect(errorsOf(nul)).toContain('line 2, column "customer": contains a control character (U+0000)');
  });

  it('refuses a seller credit code with a wrong check character', () => {
    expect(errorsOf(parseOrdersFile('orders.csv', enc(`${HEADER}\n${row({ seller_tax_id: GOOD_CODE })}\n`)))).toBe('');
    expect(errorsOf(parseOrdersFile('orders.csv', enc(`${HEADER}\n${row({ seller_tax_id: BAD_CODE })}\n`)))).toContain('column "seller_tax_id": the check character');
  });

  it('accepts the optional delivery_date column', () => {
    const r = parseOrdersFile('orders.csv', enc(`${HEADER},delivery_date\n${row()},2026-10-20\n`));
    expect(errorsOf(r)).toBe('');
  });
});
