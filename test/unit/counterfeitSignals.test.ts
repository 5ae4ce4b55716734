// Replica wording (positives and plain product wording), allow/deny lists with expiry, seller flags: through the engine.
import { describe, expect, it } from 'vitest';
import { evaluate, type RuleFacts } from '../../shared/rules/engine';
import { DEFAULT_RULESET } from '../../shared/rules/ruleset';
import { findPhrases, replicaPhraseListSchema } from '../../shared/rules/replicaWording';
import { addDays, expiringWithin, type SellerFlag, type SellerListEntry } from '../../shared/rules/sellerLists';
import type { Brand, Order, PhotoRead, WordRead } from '../../shared/types';
import phraseJson from '../../resources/counterfeit/replica-phrases.json';

const phrases = replicaPhraseListSchema.parse(phraseJson).phrases;
const nike: Brand = { id: 'nike', name: 'Nike', aliases: ['NIKE', '耐克'], gs1Prefixes: [], officialStores: [{ channel: 'TMALL_FLAGSHIP', storeId: 'tmall-nike-official', name: 'Nike官方旗舰店' }] };

function order(o: Partial<Order> = {}): Order {
  return {
    orderNo: 'O1', trackingNo: 'SF1', customer: 'c', item: 'cotton T-shirt', declaredBrand: null, category: 'apparel', channel: 'TAOBAO',
    storeId: 'tb-shop-1', storeName: '小店', sellerTaxId: null, purchaseDate: '2026-11-01', amountFen: 1000, ...o,
  };
}
function tag(text: string, confidence = 90): PhotoRead {
  const words: WordRead[] = text.split(' ').map((t, i) => ({ text: t, confidence, box: { x: i * 100, y: 0, w: 90, h: 30 }, line: 0 }));
  return { photoId: 'tag1', width: 1000, height: 800, kind: 'tag', barcodes: [], words, text, meanConfidence: confidence, brands: [], invoice: null, waybill: null, timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 } };
}
function facts(f: Partial<RuleFacts>): RuleFacts {
  return { trackingNo: 'SF1', order: order(), brands: [nike], certificates: [], reads: [tag('100% COTTON MADE IN CHINA')], today: '2026-11-23', ruleset: DEFAULT_RULESET, rulesetVersion: 1, replicaPhrases: phrases, sellerFlags: [], sellerList: [], orderTextLookalikes: [], ...f };
}
const codes = (f: Partial<RuleFacts>) => evaluate(facts(f)).findings.map((x) => x.code).sort();

describe('replica wording', () => {
  it.each([
    ['1:1 quality'],
    ['1 : 1 MIRROR QUALITY'],
    ['AAA+ quality shoes'],
    ['Grade AAA bag'],
    ['REPLICA watch'],
    ['super copy'],
    ['高仿 运动鞋'],
    ['原单 尾货'],
    ['复刻版'],
    ['A货 包包'],
    ['莆田鞋 纯原'],
    ['顶级版 公司级'],
    ['一比一 做工'],
    ['大牌同款 外套'],
  ])('"%s" on a tag holds', (text) => {
    const v = evaluate(facts({ reads: [tag(text)] }));
    const f = v.findings.find((x) => x.code === 'REPLICA_WORDING');
    expect(f, text).toBeDefined();
    expect(f!.evidence[0]).toMatchObject({ photoId: 'tag1', kind: 'word' });
  });

  it.each([
    ['100% cotton'],
    ['quality control passed'],
    ['AAA batteries included'],
    ['uses 2 x AAA battery'],
    ['AAA级信用企业'],
    ['高仿真 绿植 装饰'],
    ['A货翡翠 手镯'],
    ['福建省莆田市 荔城区'],
    ['原单号 123456'],
    ['按1:1比例 混合'],
    ['mix 1:1 with water'],
    ['scale 1:10 model'],
    ['11:15 delivery'],
    ['official replica jersey'],
    ['纯原料 制作'],
    ['Made in China'],
    ['MADE WITH 100% ORIGINAL DESIGN'],
  ])('"%s" is plain wording', (text) => {
    expect(codes({ reads: [tag(text)] })).toEqual([]);
  });

  it("in the order's item text too, cited as order evidence; not on a waybill", () => {
    const v = evaluate(facts({ order: order({ item: 'AJ1 高仿 篮球鞋' }) }));
    expect(v.findings.map((x) => x.code)).toEqual(['REPLICA_WORDING']);
    expect(v.findings[0].evidence).toEqual([{ photoId: null, text: '高仿', box: null, kind: 'order' }]);
    expect(v.findings[0].messageZh).toContain('订单商品描述中');
    const waybill = { ...tag('寄件人 莆田鞋业 高仿'), kind: 'waybill' as const, photoId: 'wb' };
    expect(codes({ reads: [tag('COTTON 100%'), waybill] })).toEqual([]);
  });

  it('a phrase read below the look-alike confidence is not cited', () => {
    expect(codes({ reads: [tag('REPLICA', 30), tag('COTTON SHIRT')] })).not.toContain('REPLICA_WORDING');
    expect(codes({ reads: [tag('REPLICA', 70), tag('COTTON SHIRT')] })).toContain('REPLICA_WORDING');
  });

  it('every shipped phrase names its source; both languages present', () => {
    expect(phrases.length).toBeGreaterThanOrEqual(25);
    expect(phrases.every((p) => p.source.length > 20)).toBe(true);
    expect(new Set(phrases.map((p) => p.lang))).toEqual(new Set(['en', 'zh']));
    expect(findPhrases('AAA+', phrases).map((p) => p.phrase.phrase)).toEqual(['AAA+']);
  });
});

const entry = (e: Partial<SellerListEntry>): SellerListEntry => ({
  id: 1, list: 'allow', storeId: 'tmall-nike-reseller', creditCode: null, brandId: 'nike', channel: 'TMALL_FLAGSHIP', reason: 'brand letter 2026-10', addedBy: 'root', addedAt: '2026-10-01T00:00:00Z', expiresOn: '2026-12-31', ...e,
});

describe('allow and deny lists', () => {
  const onTmall = order({ declaredBrand: 'Nike', channel: 'TMALL_FLAGSHIP', storeId: 'tmall-nike-reseller', storeName: 'Nike经销店', item: 'running shoes' });
  const tagNike = tag('NIKE AIR');

  it('an allow entry lifts STORE_NOT_OFFICIAL for its brand and channel until it expires (the expiry day included)', () => {
    expect(codes({ order: onTmall, reads: [tagNike] })).toEqual(['STORE_NOT_OFFICIAL']);
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({})] })).toEqual([]);
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({ expiresOn: '2026-11-23' })] })).toEqual([]);
    // Expired: no longer counts.
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({ expiresOn: '2026-11-22' })] })).toEqual(['STORE_NOT_OFFICIAL']);
    // Another brand or channel: does not count.
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({ brandId: 'adidas' })] })).toEqual(['STORE_NOT_OFFICIAL']);
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({ channel: 'JD_SELF_OPERATED' })] })).toEqual(['STORE_NOT_OFFICIAL']);
    // It lifts only the store rule: a Taobao order stays unapproved.
    expect(codes({ order: { ...onTmall, channel: 'TAOBAO' }, reads: [tagNike], sellerList: [entry({ channel: 'TAOBAO' })] })).toEqual(['CHANNEL_NOT_APPROVED']);
  });

  it('a deny entry always holds, by store id or by credit code, until it expires', () => {
    const deny = entry({ list: 'deny', storeId: null, creditCode: '91350304MA2XXXXX1A', brandId: null, channel: null, reason: 'sold fakes 2026-09' });
    const o = order({ sellerTaxId: '91350304ma2xxxxx1a' });
    const v = evaluate(facts({ order: o, sellerList: [deny] }));
    expect(v.findings.map((x) => x.code)).toEqual(['SELLER_DENYLISTED']);
    expect(v.findings[0].message).toContain('sold fakes 2026-09');
    expect(codes({ order: o, sellerList: [{ ...deny, expiresOn: '2026-11-01' }] })).toEqual([]);
    expect(codes({ order: onTmall, reads: [tagNike], sellerList: [entry({}), entry({ id: 2, list: 'deny' })] })).toEqual(['SELLER_DENYLISTED']);
  });

  it('entries expiring within 7 days', () => {
    const list = [entry({ id: 1, expiresOn: '2026-11-23' }), entry({ id: 2, expiresOn: '2026-11-30' }), entry({ id: 3, expiresOn: '2026-12-01' }), entry({ id: 4, expiresOn: '2026-11-22' })];
    expect(expiringWithin(list, '2026-11-23', 7).map((e) => e.id)).toEqual([1, 2]);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});

describe('seller flags', () => {
  it('a flagged seller holds, naming the earlier decision', () => {
    const flag: SellerFlag = { id: 1, storeId: 'tb-shop-1', creditCode: null, holdId: 7, trackingNo: 'YT123', disposition: 'DESTROY', reason: 'counterfeit Nike', decidedBy: 'wang', decidedAt: '2026-11-20T10:00:00Z' };
    const v = evaluate(facts({ sellerFlags: [flag] }));
    expect(v.findings.map((x) => x.code)).toEqual(['SELLER_FLAGGED']);
    expect(v.findings[0].message).toContain('YT123');
    expect(v.findings[0].messageZh).toContain('销毁');
    expect(codes({ sellerFlags: [{ ...flag, storeId: 'another-shop' }] })).toEqual([]);
  });
});
