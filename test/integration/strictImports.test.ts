// Imports through the service: a list left out on re-import keeps what is stored (only an explicit
// [] empties it), and files imported together all land or none does, the answer naming the file.
import { describe, expect, it } from 'vitest';
import { freshService } from '../helpers/service';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (name: string, text: string) => ({ name, bytes: enc(text) });
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';

describe('imports through the service', () => {
  it('keeps stored aliases when a re-import leaves the list out, empties them only when told', async () => {
    const t = freshService();
    await t.sys('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'nike', name: 'Nike', aliases: ['NIKE', '耐克'], gs1Prefixes: ['0883412'] }])) });
    await t.sys('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'nike', name: 'Nike Inc.' }])) });
    let nike = (await t.sys('registry:brands', {})).brands.find((b) => b.id === 'nike')!;
    expect(nike).toMatchObject({ name: 'Nike Inc.', aliases: ['NIKE', '耐克'], gs1Prefixes: ['0883412'] });
    await t.sys('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'nike', name: 'Nike', aliases: [] }])) });
    nike = (await t.sys('registry:brands', {})).brands.find((b) => b.id === 'nike')!;
    expect(nike).toMatchObject({ aliases: [], gs1Prefixes: ['0883412'] });
    await t.service.close();
  });

  it("stores a brand's categories (lower case), keeps them when a re-import leaves them out, and refuses a malformed list by name", async () => {
    const t = freshService();
    await t.sys('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'xm', name: 'Xiaomi', aliases: ['小米'], categories: ['Electronics', 'appliances'] }])) });
    let xm = (await t.sys('registry:brands', {})).brands.find((b) => b.id === 'xm')!;
    expect(xm.categories).toEqual(['electronics', 'appliances']);
    await t.sys('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'xm', name: 'Xiaomi Inc.' }])) });
    xm = (await t.sys('registry:brands', {})).brands.find((b) => b.id === 'xm')!;
    expect(xm).toMatchObject({ name: 'Xiaomi Inc.', categories: ['electronics', 'appliances'] });
    const r = await t.service.call('data:import', { brands: file('brands.json', JSON.stringify([{ id: 'xm', name: 'Xiaomi', categories: 'electronics' }])) }, { system: 'test' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/brands\.json brand 1 \(id "xm"\), field "categories"/);
    await t.service.close();
  });

  it('stores none of the files when one of them fails, and names the one that failed', async () => {
    const t = freshService();
    const brands = file('brands.json', JSON.stringify([{ id: 'nike', name: 'Nike', aliases: ['NIKE'] }]));
    const badOrders = file('orders.csv', `${HEADER}\nORD1,SF1234567890,C,item,nike,footwear,EBAY,s,n,,2026-01-01,1.00\n`);
    const r = await t.service.call('data:import', { brands, orders: badOrders }, { system: 'test' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toMatch(/^Rejected orders\.csv: nothing of this import \(brands\.json, orders\.csv\) was stored/);
    expect((await t.sys('registry:brands', {})).brands).toEqual([]);

    // Refused inside the transaction (a tracking number that belongs to another stored order): the brands roll back too.
    await t.sys('data:import', { orders: file('orders.csv', `${HEADER}\nORD1,SF1234567890,C,item,,household,TAOBAO,s,n,,2026-01-01,1.00\n`) });
    const clash = file('orders.csv', `${HEADER}\nORD2,SF1234567890,C,item,,household,TAOBAO,s,n,,2026-01-01,1.00\n`);
    const r2 = await t.service.call('data:import', { brands, orders: clash }, { system: 'test' });
    expect(!r2.ok && r2.error.message).toContain('Rejected orders.csv');
    expect((await t.sys('registry:brands', {})).brands).toEqual([]);
    await t.service.close();
  });
});
