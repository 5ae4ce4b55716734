// One line per rule: facts in which it fires, checked through the rule object itself; the plain
// official-store order in which none fires. Then the ordinary-use judge (a test double), the declared
// brand misread, and the certificate's dates against the purchase and the invoice.
import { describe, expect, it } from 'vitest';
import { evaluate, type RuleFacts } from '../../shared/rules/engine';
import { deriveFacts, type OrdinaryUseJudge } from '../../shared/rules/facts';
import { RULE_LIST, REASON_CODES, COUNTERFEIT_REASON_CODES } from '../../shared/rules/ruleList';
import { judgeOrdinaryUse } from '../../shared/detect/ordinaryUse';
import type { BrandHit } from '../../shared/types';
import { authorised, cert, facts, hit, invoice, order, photo } from '../helpers/ruleFacts';

const plain = order({ declaredBrand: null, channel: 'TAOBAO', storeId: 'tb-1', storeName: '小店' });
const withInvoice = (o: Parameters<typeof invoice>[0] = {}) => [photo(), photo({ photoId: 'inv', kind: 'invoice', invoice: invoice(o) })];
const flag = { id: 1, storeId: 'jd-self-5693', creditCode: null, holdId: 9, trackingNo: 'SF9', disposition: 'DESTROY' as const, reason: '假货', decidedBy: 'wang', decidedAt: '2026-11-20T08:00:00Z' };
const deny = { id: 2, list: 'deny' as const, storeId: 'jd-self-5693', creditCode: null, brandId: null, channel: null, reason: '投诉', addedBy: 'root', addedAt: '2026-11-01T00:00:00Z', expiresOn: '2026-12-31' };

const FIRES: Record<string, Partial<RuleFacts>> = {
  'unknown-parcel': { order: null },
  'prohibited-category': { order: order({ category: 'airbag_components' }) },
  'channel-approved': { order: order({ channel: 'TAOBAO', storeId: 'tb-1' }) },
  'store-official': { order: order({ channel: 'TMALL_FLAGSHIP', storeId: 'tmall-fake' }) },
  authorization: { order: authorised({ purchaseDate: '2026-11-01' }), reads: withInvoice() },
  'invoice-missing': { order: authorised(), reads: [photo()] },
  'invoice-seller': { order: authorised(), reads: withInvoice({ sellerName: '深圳某某贸易有限公司', sellerTaxId: '91337167Y8YLQKR4YN', sellerTaxIdRead: '91337167Y8YLQKR4YN' }) },
  'brand-undeclared': { order: plain, reads: [photo({ brands: [hit('nike', 'alias')] })] },
  'brand-lookalike': { order: plain, reads: [photo({ brands: [hit('muji', 'lookalike')] })] },
  'replica-wording': { order: order({ item: '高仿 香薰机' }), replicaPhrases: [{ phrase: '高仿', lang: 'zh', source: 'test' }] },
  'seller-flagged': { sellerFlags: [flag] },
  'seller-denylisted': { sellerList: [deny] },
  'photo-readable': { reads: [] },
};

describe('each rule, one line', () => {
  it.each(RULE_LIST.map((r) => [r.id, r] as const))('%s fires on its facts and on no others', (id, rule) => {
    const f = deriveFacts(facts(FIRES[id]), judgeOrdinaryUse);
    expect(rule.applies(f)).toBe(true);
    expect(rule.check(f).findings.map((x) => x.code)).toEqual([rule.code]);
    const clean = deriveFacts(facts(), judgeOrdinaryUse);
    expect(rule.applies(clean) ? rule.check(clean).findings : []).toEqual([]);
  });

  it('every rule has its line, and the codes derive from the list', () => {
    expect(Object.keys(FIRES).sort()).toEqual(RULE_LIST.map((r) => r.id).sort());
    expect(REASON_CODES).toHaveLength(RULE_LIST.length);
    expect(new Set(REASON_CODES).size).toBe(RULE_LIST.length);
    expect([...COUNTERFEIT_REASON_CODES].sort()).toEqual(['BRAND_LOOKALIKE', 'BRAND_UNDECLARED', 'REPLICA_WORDING', 'SELLER_DENYLISTED', 'SELLER_FLAGGED']);
  });

  it('records the rules that applied, not every rule', () => {
    const v = evaluate(facts());
    expect(v.rules).toContain('store-official@');
    expect(v.rules).not.toContain('invoice-seller@');
    expect(v.rules).not.toContain('brand-lookalike@');
    expect(evaluate(facts({ order: null })).rules.split(',').filter((r) => !r.startsWith('brand-matcher') && !r.startsWith('rule-facts'))).toEqual(['unknown-parcel@1']);
  });
});

describe('a brand word in ordinary use (judge as a test double)', () => {
  const asked: BrandHit[] = [];
  const judge =
    (verdict: 'brand' | 'ordinary' | 'unsure'): OrdinaryUseJudge =>
    (i) => {
      asked.push(i.hit);
      return { verdict, why: { en: `"${i.hit.evidence}" names a colour on a food item.`, zh: `“${i.hit.evidence}”在食品上是颜色词。` } };
    };
  const onTag = (h: BrandHit) => facts({ order: plain, reads: [photo({ brands: [h] })] });

  it.each([
    ['an exact brand word, ordinary', hit('nike', 'alias'), 'ordinary', [], ['BRAND_WORD_ORDINARY']],
    ['a look-alike, ordinary', hit('muji', 'lookalike'), 'ordinary', [], ['BRAND_WORD_ORDINARY']],
    ['an exact brand word, split evidence', hit('nike', 'alias'), 'unsure', ['BRAND_UNDECLARED'], []],
    ['a look-alike, split evidence', hit('muji', 'lookalike'), 'unsure', ['BRAND_LOOKALIKE'], []],
    ['an exact brand word, the brand', hit('nike', 'alias'), 'brand', ['BRAND_UNDECLARED'], []],
  ] as const)('%s', (_name, h, verdict, findings, notes) => {
    const v = evaluate(onTag(h), { judgeOrdinaryUse: judge(verdict) });
    expect(v.findings.map((x) => x.code)).toEqual(findings);
    expect(v.notes.map((x) => x.code)).toEqual(notes);
    if (verdict === 'unsure') {
      expect(v.findings[0].message).toContain('possibly ordinary use');
      expect(v.findings[0].message).toContain('names a colour');
      expect(v.findings[0].messageZh).toContain('可能为普通用语');
    }
    if (verdict === 'ordinary') expect(v.notes[0].messageZh).toContain('颜色词');
  });

  it('never asks about a GS1 prefix or the declared brand', () => {
    asked.length = 0;
    const v = evaluate(facts({ reads: [photo({ brands: [hit('muji', 'alias'), hit('nike', 'gs1')] })] }), { judgeOrdinaryUse: judge('ordinary') });
    expect(asked).toEqual([]);
    expect(v.findings.map((x) => x.code)).toEqual(['BRAND_UNDECLARED']);
  });
});

describe("the declared brand's own mark, misread", () => {
  const slip = (o: Partial<BrandHit> = {}): BrandHit => ({ ...hit('muji', 'lookalike'), evidence: 'MUJl', matched: 'MUJI', how: 'spelling', ...o });
  it.each([
    ['official store', facts({ reads: [photo({ brands: [slip()] })] }), [], ['DECLARED_BRAND_MISREAD']],
    ['authorised seller, valid certificate, its invoice', facts({ order: authorised(), reads: [photo({ brands: [slip()] }), ...withInvoice().slice(1)] }), [], ['DECLARED_BRAND_MISREAD']],
    ['a known clone mark of the declared brand', facts({ reads: [photo({ brands: [slip({ how: 'clone', evidence: 'MUJII' })] })] }), ['BRAND_LOOKALIKE'], []],
    ['a store that is not official', facts({ order: order({ channel: 'TMALL_FLAGSHIP', storeId: 'tmall-fake' }), reads: [photo({ brands: [slip()] })] }), ['BRAND_LOOKALIKE', 'STORE_NOT_OFFICIAL'], []],
    ['a channel that is not approved', facts({ order: order({ channel: 'TAOBAO', storeId: 'tb-1' }), reads: [photo({ brands: [slip()] })] }), ['BRAND_LOOKALIKE', 'CHANNEL_NOT_APPROVED'], []],
    ['authorised seller whose invoice lapsed the certificate', facts({ order: authorised(), reads: [photo({ brands: [slip()] }), ...withInvoice({ date: '2026-11-05' }).slice(1)] }), ['AUTHORIZATION_INVALID', 'BRAND_LOOKALIKE'], []],
    ['authorised seller, invoice from another company', facts({ order: authorised(), reads: [photo({ brands: [slip()] }), ...withInvoice({ sellerName: '深圳某某贸易有限公司', sellerTaxId: '91337167Y8YLQKR4YN', sellerTaxIdRead: '91337167Y8YLQKR4YN' }).slice(1)] }), ['BRAND_LOOKALIKE', 'INVOICE_SELLER_MISMATCH'], []],
    ["another brand's look-alike on the declared brand's goods", facts({ reads: [photo({ brands: [{ ...hit('nike', 'lookalike'), how: 'spelling' }] })] }), ['BRAND_LOOKALIKE'], []],
  ] as const)('%s', (_name, f, findings, notes) => {
    const v = evaluate(f);
    expect(v.findings.map((x) => x.code).sort()).toEqual([...findings]);
    expect(v.notes.map((x) => x.code)).toEqual(notes);
  });
});

describe("the certificate's dates: purchase and invoice", () => {
  it.each([
    ['both inside', '2026-10-01', '2026-10-02', []],
    ['invoice on the last valid day', '2026-10-01', '2026-10-31', []],
    ['invoice dated after the certificate lapsed', '2026-10-01', '2026-11-05', ['AUTHORIZATION_INVALID']],
    ['invoice dated before the certificate began', '2025-01-02', '2024-12-20', ['AUTHORIZATION_INVALID']],
    ['purchase after it lapsed', '2026-11-02', '2026-10-30', ['AUTHORIZATION_INVALID']],
    ['invoice date not read', '2026-10-01', null, []],
  ] as const)('%s', (_name, purchaseDate, date, expected) => {
    const v = evaluate(facts({ order: authorised({ purchaseDate }), reads: withInvoice({ date }) }));
    expect(v.findings.map((x) => x.code)).toEqual(expected);
  });

  it('names the dates: the certificate, the purchase and the invoice', () => {
    const v = evaluate(facts({ order: authorised({ purchaseDate: '2026-10-01' }), reads: withInvoice({ date: '2026-11-05' }) }));
    const f = v.findings[0];
    for (const d of [cert.validFrom, cert.validTo, '2026-10-01', '2026-11-05']) {
      expect(f.message).toContain(d);
      expect(f.messageZh).toContain(d);
    }
    expect(f.message).toContain('after it lapsed');
    expect(f.evidence.map((e) => e.kind)).toEqual(['order', 'certificate', 'invoice']);
  });
});
