// Brand words in ordinary use, as verdicts through the real service, real OCR and stored photos: a
// Chinese brand whose name is also a grain word, on a bag of flour (cleared, with a note saying why)
// and on a charger (held as the brand). Its categories come from brands.json; a second grain brand has
// none there and is judged by the categories of the orders that declare it. No list names either word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshService, type TestService } from '../helpers/service';
import { tagPhoto } from '../helpers/tagPhoto';
import type { InspectionResult } from '../../shared/api';

let t: TestService;
const codes = (v: InspectionResult) => [...new Set(v.findings.map((f) => f.code))].sort();
const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny';

beforeAll(async () => {
  t = freshService({ ocrWorkers: 1 });
  const brands = [
    { id: 'xiaomai', name: 'Xiaomai', aliases: ['小麦'], gs1Prefixes: [], officialStores: [{ channel: 'TMALL_FLAGSHIP', storeId: 'tm-xiaomai', name: '小麦官方旗舰店' }], categories: ['electronics'] },
    { id: 'dami', name: 'Dami', aliases: ['大米'], gs1Prefixes: [], officialStores: [{ channel: 'TMALL_FLAGSHIP', storeId: 'tm-dami', name: '大米官方旗舰店' }] },
  ];
  const orders = [
    'OU1,YT8000000001,C1,有机小麦面粉 5kg,,food,TAOBAO,tb-grain,粮油小店,,2026-11-01,39.00',
    'OU2,YT8000000002,C2,手机充电器,,electronics,TAOBAO,tb-chargers,数码配件店,,2026-11-01,49.00',
    'OU3,YT8000000003,C3,大米 充电宝,dami,electronics,TMALL_FLAGSHIP,tm-dami,大米官方旗舰店,,2026-11-01,99.00',
    'OU4,YT8000000004,C4,东北大米 5kg,,food,TAOBAO,tb-grain,粮油小店,,2026-11-01,45.00',
  ];
  await t.sys('data:import', {
    brands: { name: 'brands.json', bytes: enc(JSON.stringify(brands)) },
    orders: { name: 'orders.csv', bytes: enc(`${HEADER}\n${orders.join('\n')}\n`) },
  });
}, 300_000);
afterAll(async () => {
  await t?.service.close();
});

async function inspect(scan: string, lines: string[]): Promise<InspectionResult> {
  const photoId = (await t.sys('photo:add', { bytes: await tagPhoto(lines), name: `${scan}.png` })).photoId;
  return t.sys('parcel:inspect', { scan, photoIds: [photoId] });
}

describe('a brand word in ordinary use', () => {
  it("clears a grain word on food outside the brand's categories, with a note saying why, and holds the same word on the brand's own goods", async () => {
    const flour = await inspect('YT8000000001', ['有机 小麦 面粉', '配料 小麦', '净含量 5kg']);
    expect(flour.outcome).toBe('CLEAR');
    expect(flour.notes.map((n) => n.code)).toContain('BRAND_WORD_ORDINARY');
    expect(flour.notes.find((n) => n.code === 'BRAND_WORD_ORDINARY')!.messageZh).toContain('小麦');

    const charger = await inspect('YT8000000002', ['小麦 快充 充电器', '输入 5V 2A']);
    expect(charger.outcome).toBe('HOLD');
    expect(codes(charger)).toContain('BRAND_UNDECLARED');
  });

  it("judges a brand with no categories in brands.json by the orders that declare it", async () => {
    const rice = await inspect('YT8000000004', ['东北 大米', '配料 大米', '净含量 5kg']);
    expect(rice.outcome).toBe('CLEAR');
    expect(rice.notes.map((n) => n.code)).toContain('BRAND_WORD_ORDINARY');
  });
});
