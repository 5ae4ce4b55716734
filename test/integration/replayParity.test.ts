// `replay` with the ruleset in force reports no change on parcels inspected under it, with every
// counterfeit signal in play (replica wording on a tag, a flagged seller, the deny list, a clone mark
// in the order's text, a look-alike on a photo): live inspection and replay gather the same facts.
// Real service, temp database, real OCR of rendered tags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshService, importPack, type TestService } from '../helpers/service';
import { tagPhoto } from '../helpers/tagPhoto';
import { addDays } from '../../shared/rules/sellerLists';
import { warehouseDate } from '../../shared/warehouseClock';
import type { InspectionResult } from '../../shared/api';

const ORDERS = `order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny
RP1,YT8000000001,C1,运动鞋,,footwear,PINDUODUO,pdd-replica,鞋业直销,,2026-11-01,159.00
RP2,YT8000000002,C2,T恤,,apparel,TAOBAO,tb-flagged,服饰小铺,,2026-11-01,39.00
RP3,YT8000000003,C3,T恤,,apparel,TAOBAO,tb-flagged,服饰小铺,,2026-11-02,39.00
RP4,YT8000000004,C4,T恤,,apparel,TAOBAO,tb-denied,黑店,,2026-11-01,39.00
RP5,YT8000000005,C5,Natural Mill 收纳盒,,household,TAOBAO,tb-item-shop,收纳小店,,2026-11-01,49.00
RP6,YT8000000006,C6,运动鞋,,footwear,TAOBAO,tb-digit-shop,潮鞋馆,,2026-11-01,199.00
RP7,YT8000000007,C7,T恤,,apparel,TAOBAO,tb-plain,好店,,2026-11-01,39.00
`;

let t: TestService;
const photos: Record<string, string> = {};
let supervisorToken = '';

async function inspect(scan: string, photo: string): Promise<InspectionResult> {
  return t.sys('parcel:inspect', { scan, photoIds: [photos[photo]] });
}
const codes = (v: InspectionResult) => [...new Set(v.findings.map((f) => f.code))].sort();

beforeAll(async () => {
  t = freshService({ ocrWorkers: 1 });
  await importPack(t);
  await t.sys('data:import', { orders: { name: 'orders-replay.csv', bytes: new TextEncoder().encode(ORDERS) } });
  const tags: Record<string, string[]> = {
    replica: ['高仿 运动鞋', '尺码 42'],
    plain: ['100% COTTON', 'MADE IN CHINA'],
    digit: ['N1KE', 'AIR RUNNER 42'],
  };
  for (const [k, lines] of Object.entries(tags)) photos[k] = (await t.sys('photo:add', { bytes: await tagPhoto(lines), name: `${k}.png` })).photoId;
  await t.sys('users:add', { name: 'wang', role: 'supervisor', pin: '1234' });
  const signedIn = await t.service.call('session:signIn', { name: 'wang', pin: '1234', station: 'S1' });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  supervisorToken = signedIn.value.token;
  const today = warehouseDate(new Date());
  await t.sys('sellerLists:add', { list: 'deny', storeId: 'tb-denied', reason: '品牌方投诉售假', expiresOn: addDays(today, 30) });
});
afterAll(async () => {
  await t?.service.close();
});

describe('replay agrees with live inspection', () => {
  it('reports no change with every counterfeit signal held by the ruleset in force', async () => {
    expect(codes(await inspect('YT8000000001', 'replica'))).toEqual(['REPLICA_WORDING']);
    // A counterfeit decision flags the seller: its next parcel is held for it.
    const first = await inspect('YT8000000002', 'replica');
    expect(first.holdId).not.toBeNull();
    const decided = await t.service.call('hold:decide', { holdId: first.holdId!, disposition: 'DESTROY', reason: 'counterfeit: replica tag, destroyed with customer consent' }, { token: supervisorToken });
    expect(decided.ok).toBe(true);
    expect(codes(await inspect('YT8000000003', 'plain'))).toEqual(['SELLER_FLAGGED']);
    expect(codes(await inspect('YT8000000004', 'plain'))).toEqual(['SELLER_DENYLISTED']);
    expect(codes(await inspect('YT8000000005', 'plain'))).toEqual(['BRAND_LOOKALIKE']);
    expect(codes(await inspect('YT8000000006', 'digit'))).toEqual(['BRAND_LOOKALIKE']);
    expect((await inspect('YT8000000007', 'plain')).outcome).toBe('CLEAR');

    const r = await t.sys('rules:replay', {});
    expect(r.replayed).toBe(7);
    expect(r.changes).toEqual([]);
  });

  it('still reports a real change: a parcel cleared before its seller went on the deny list', async () => {
    await t.sys('sellerLists:add', { list: 'deny', storeId: 'tb-plain', reason: '品牌方投诉售假', expiresOn: addDays(warehouseDate(new Date()), 30) });
    const r = await t.sys('rules:replay', {});
    expect(r.changes.map((c) => [c.trackingNo, c.old.outcome, c.new.outcome, c.new.reasons])).toEqual([['YT8000000007', 'CLEAR', 'HOLD', ['SELLER_DENYLISTED']]]);
  });
});
