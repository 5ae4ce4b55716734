// Issue 10 scenario, through the real service on a temp database and real OCR of rendered tag photos:
// a clone-mark tag, a digit-substituted mark, replica wording in Chinese and in English, a seller
// flagged by a counterfeit decision (and cleared by an admin), and an expired allow-list entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshService, importPack, type TestService } from '../helpers/service';
import { addDays } from '../../shared/rules/sellerLists';
import { localIsoDate } from '../../shared/dates';
import type { InspectionResult } from '../../shared/api';
import { tagPhoto } from '../helpers/tagPhoto';


const ORDERS = `order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny
CF1,YT9000000001,C1,收纳盒,,household,TAOBAO,tb-clone-shop,好物小店,,2026-11-01,59.00
CF2,YT9000000002,C2,运动鞋,,footwear,TAOBAO,tb-digit-shop,潮鞋馆,,2026-11-01,199.00
CF3,YT9000000003,C3,运动鞋 男款,,footwear,PINDUODUO,pdd-shoes-9,鞋业直销,,2026-11-01,159.00
CF4,YT9000000004,C4,1:1 mirror quality sneakers,,footwear,TAOBAO,tb-mirror,Mirror Store,,2026-11-01,299.00
CF5,YT9000000005,C5,T恤,,apparel,TAOBAO,tb-flag-me,服饰小铺,,2026-11-01,39.00
CF6,YT9000000006,C6,T恤,,apparel,TAOBAO,tb-flag-me,服饰小铺,,2026-11-02,39.00
CF7,YT9000000007,C7,T恤,,apparel,TAOBAO,tb-flag-me,服饰小铺,,2026-11-03,39.00
CF8,YT9000000008,C8,跑步鞋,Nike,footwear,TMALL_FLAGSHIP,tmall-nike-partner,Nike合作店,,2026-11-01,899.00
CF9,YT9000000009,C9,跑步鞋,Nike,footwear,TMALL_FLAGSHIP,tmall-nike-partner,Nike合作店,,2026-11-01,899.00
CF10,YT9000000010,C10,Natural Mill 收纳盒,,household,TAOBAO,tb-item-shop,收纳小店,,2026-11-01,49.00
`;

let t: TestService;
const photos: Record<string, string> = {};
type As = (channel: string, req: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
let inspector: As;
let boss: As;
let admin: As;

async function signIn(name: string, role: 'inspector' | 'supervisor' | 'admin'): Promise<As> {
  await t.sys('users:add', { name, role, pin: '1234' });
  const r = await t.service.call('session:signIn', { name, pin: '1234', station: 'S1' });
  if (!r.ok) throw new Error(r.error.message);
  const token = r.value.token;
  return (channel, req) => t.service.call(channel as never, req, { token }) as never;
}

async function inspect(scan: string, photo: string): Promise<InspectionResult> {
  const r = await inspector('parcel:inspect', { scan, photoIds: [photos[photo]] });
  if (!r.ok) throw new Error(r.error!.message);
  return r.value as InspectionResult;
}
const codesOf = (v: InspectionResult) => v.findings.map((f) => f.code).sort();

beforeAll(async () => {
  t = freshService({ ocrWorkers: 1 });
  await importPack(t);
  await t.sys('data:import', { orders: { name: 'orders-cf.csv', bytes: new TextEncoder().encode(ORDERS) } });
  inspector = await signIn('ann', 'inspector');
  boss = await signIn('wang', 'supervisor');
  admin = await signIn('root', 'admin');
  const tags: Record<string, string[]> = {
    clone: ['NATURAL MILL', '棉 100%'],
    digit: ['N1KE', 'AIR RUNNER 42'],
    zhReplica: ['高仿 运动鞋', '尺码 42'],
    plain: ['100% COTTON', 'MADE IN CHINA'],
    nike: ['NIKE', 'AIR ZOOM 42'],
  };
  for (const [k, lines] of Object.entries(tags)) {
    const r = await t.sys('photo:add', { bytes: await tagPhoto(lines), name: `${k}.png` });
    photos[k] = r.photoId;
  }
});
afterAll(async () => {
  await t?.service.close();
});

describe('counterfeit signals beyond the registry (real OCR)', () => {
  it('a known clone mark on a Taobao tag holds as BRAND_LOOKALIKE naming the brand imitated and the source', async () => {
    const v = await inspect('YT9000000001', 'clone');
    expect(v.outcome).toBe('HOLD');
    const f = v.findings.find((x) => x.code === 'BRAND_LOOKALIKE');
    expect(f?.message).toMatch(/clone mark of MUJI/);
    expect(f?.message).toContain('Source:');
    expect(f?.messageZh).toContain('MUJI');
  });

  it('a digit-substituted mark is a look-alike, not the genuine brand undeclared', async () => {
    const v = await inspect('YT9000000002', 'digit');
    expect(codesOf(v)).toContain('BRAND_LOOKALIKE');
    expect(codesOf(v)).not.toContain('BRAND_UNDECLARED');
    expect(v.findings.find((x) => x.code === 'BRAND_LOOKALIKE')?.message).toContain('disguised spelling of Nike');
  });

  it("a clone mark written in the order's item text holds too, cited as the order's evidence", async () => {
    const v = await inspect('YT9000000010', 'plain');
    expect(codesOf(v)).toEqual(['BRAND_LOOKALIKE']);
    expect(v.findings[0].evidence).toEqual([{ photoId: null, text: 'Natural Mill', box: null, kind: 'order' }]);
  });

  it('replica wording in Chinese on a tag, and in English in the order item text', async () => {
    const zh = await inspect('YT9000000003', 'zhReplica');
    const fz = zh.findings.find((x) => x.code === 'REPLICA_WORDING');
    expect(fz?.evidence.some((e) => e.text === '高仿' && e.photoId === photos.zhReplica)).toBe(true);

    const en = await inspect('YT9000000004', 'plain');
    const fe = en.findings.find((x) => x.code === 'REPLICA_WORDING');
    expect(fe?.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['1:1', 'mirror quality']));
    expect(fe?.evidence.every((e) => e.kind === 'order')).toBe(true);
  });

  it('a seller whose parcel was destroyed as counterfeit is flagged until an admin clears the flag (audited)', async () => {
    const first = await inspect('YT9000000005', 'plain');
    expect(first.outcome).toBe('CLEAR');
    // Destroy a counterfeit from tb-flag-me: its second parcel is photographed with a replica tag.
    const second = await inspect('YT9000000006', 'zhReplica');
    expect(second.holdId).not.toBeNull();
    const decided = await boss('hold:decide', { holdId: second.holdId, disposition: 'DESTROY', reason: 'counterfeit: replica tag, destroyed with customer consent' });
    expect(decided.ok).toBe(true);
    const flags = (await boss('sellerFlags:list', {})).value as { id: number; storeId: string; trackingNo: string }[];
    expect(flags).toEqual([expect.objectContaining({ storeId: 'tb-flag-me', trackingNo: 'YT9000000006' })]);

    // The next parcel from that seller holds with a clean tag, naming the earlier decision.
    const third = await inspect('YT9000000007', 'plain');
    expect(codesOf(third)).toEqual(['SELLER_FLAGGED']);
    expect(third.findings[0].message).toContain('YT9000000006');
    expect(third.findings[0].messageZh).toContain('销毁');

    // Only an admin clears the flag; then the seller's parcels are judged on their own again.
    expect((await boss('sellerFlags:clear', { id: flags[0].id, reason: 'brand confirmed the seller is genuine' })).error?.code).toBe('FORBIDDEN');
    expect((await admin('sellerFlags:clear', { id: flags[0].id, reason: 'brand confirmed the seller is genuine' })).ok).toBe(true);
    const again = await inspect('YT9000000005', 'plain');
    expect(again.outcome).toBe('CLEAR');
    const audit = await t.sys('audit:list', { action: 'seller.flag_clear' });
    expect(audit.rows[0]).toMatchObject({ actor: 'root', details: { flagId: flags[0].id } });
  });

  it('an allow-list entry lifts STORE_NOT_OFFICIAL until it expires; an expired one no longer does', async () => {
    const today = localIsoDate(new Date());
    const before = await inspect('YT9000000008', 'nike');
    expect(codesOf(before)).toEqual(['STORE_NOT_OFFICIAL']);

    const expired = await admin('sellerLists:add', { list: 'allow', storeId: 'tmall-nike-partner', brand: 'Nike', channel: 'TMALL_FLAGSHIP', reason: 'Nike letter of 2025', expiresOn: addDays(today, -1) });
    expect(expired.ok).toBe(true);
    expect(codesOf(await inspect('YT9000000009', 'nike'))).toEqual(['STORE_NOT_OFFICIAL']);

    // Renewed (same seller, brand and channel): counts again, and the queue is told it expires within 7 days.
    await admin('sellerLists:add', { list: 'allow', storeId: 'tmall-nike-partner', brand: 'nike', channel: 'TMALL_FLAGSHIP', reason: 'Nike letter of 2026', expiresOn: addDays(today, 3) });
    expect(codesOf(await inspect('YT9000000009', 'nike'))).toEqual([]);
    const expiring = (await boss('sellerLists:expiring', {})).value as { entries: { storeId: string; expiresOn: string }[] };
    expect(expiring.entries).toEqual([expect.objectContaining({ storeId: 'tmall-nike-partner', expiresOn: addDays(today, 3) })]);

    // CSV round trip; a bad row is refused whole, naming line and column.
    const csv = ((await admin('sellerLists:export', {})).value as { csv: string }).csv;
    expect(csv).toContain('tmall-nike-partner');
    const bad = await admin('sellerLists:import', { file: { name: 'lists.csv', bytes: new TextEncoder().encode('list,store_id,credit_code,brand,channel,reason,expires_on\nallow,x,,Nike,TMALL,ok ok,2026-13-01\n') } });
    expect(bad.error?.code).toBe('IMPORT_REJECTED');
    expect(bad.error?.message).toContain('line 2, column "channel"');
    const deny = await admin('sellerLists:import', { file: { name: 'deny.csv', bytes: new TextEncoder().encode(`list,store_id,credit_code,brand,channel,reason,expires_on\ndeny,tb-clone-shop,,,,sold fakes,${addDays(today, 30)}\n`) } });
    expect(deny.ok).toBe(true);
    expect(codesOf(await inspect('YT9000000001', 'plain'))).toEqual(['SELLER_DENYLISTED']);
    expect((await t.sys('audit:verify', {})).intact).toBe(true);
  });
});
