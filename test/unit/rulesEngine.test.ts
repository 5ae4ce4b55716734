// One row per rule and boundary: facts in, the reason codes out.
import { describe, expect, it } from 'vitest';
import { evaluate, type RuleFacts } from '../../shared/rules/engine';
import type { InvoiceFields } from '../../shared/types';
import { authorised, facts, hit, invoice, order, photo } from '../helpers/ruleFacts';

const codes = (f: RuleFacts) => evaluate(f).findings.map((x) => x.code).sort();

describe('rules engine', () => {
  it('clears an official JD self-operated purchase and records the ruleset version', () => {
    const v = evaluate(facts());
    expect(v).toMatchObject({ outcome: 'CLEAR', findings: [], rulesetVersion: 3, brands: ['muji'] });
  });

  it.each([
    ['unbranded goods from Taobao', facts({ order: order({ declaredBrand: null, channel: 'TAOBAO', storeId: 'shop-9' }) }), []],
    ['unknown tracking number', facts({ order: null }), ['UNKNOWN_PARCEL']],
    ['no tracking number at all', facts({ order: null, trackingNo: null }), ['UNKNOWN_PARCEL']],
    ['declared brand on Taobao', facts({ order: order({ channel: 'TAOBAO', storeId: 'shop-9' }) }), ['CHANNEL_NOT_APPROVED']],
    ['declared brand from a JD third-party seller', facts({ order: order({ channel: 'JD_THIRD_PARTY', storeId: 'jd-3p' }) }), ['CHANNEL_NOT_APPROVED']],
    ['Tmall store that is not the flagship', facts({ order: order({ channel: 'TMALL_FLAGSHIP', storeId: 'tmall-fake' }) }), ['STORE_NOT_OFFICIAL']],
    ['official store of the right brand on the wrong channel', facts({ order: order({ channel: 'WECHAT_OFFICIAL', storeId: 'jd-self-5693' }) }), ['STORE_NOT_OFFICIAL']],
    ['declared brand unknown to the registry, flagship channel', facts({ order: order({ declaredBrand: 'Acme', channel: 'TMALL_FLAGSHIP', storeId: 'tmall-acme' }) }), ['STORE_NOT_OFFICIAL']],
    ['undeclared mark on an unbranded order', facts({ order: order({ declaredBrand: null, channel: 'TAOBAO', storeId: 's' }), reads: [photo({ brands: [hit('nike', 'alias')] })] }), ['BRAND_UNDECLARED']],
    ['undeclared GS1 prefix', facts({ order: order({ declaredBrand: null, channel: 'PINDUODUO', storeId: 's' }), reads: [photo({ brands: [hit('muji', 'gs1')] })] }), ['BRAND_UNDECLARED']],
    ['a second brand beside the declared one', facts({ reads: [photo({ brands: [hit('muji', 'alias'), hit('nike', 'alias')] })] }), ['BRAND_UNDECLARED']],
    ['the declared brand seen is fine', facts({ reads: [photo({ brands: [hit('muji', 'alias'), hit('muji', 'gs1')] })] }), []],
    ['look-alike mark', facts({ order: order({ declaredBrand: null, channel: 'TAOBAO', storeId: 's' }), reads: [photo({ brands: [hit('muji', 'lookalike')] })] }), ['BRAND_LOOKALIKE']],
    ['look-alike read below the trusted confidence', facts({ order: order({ declaredBrand: null, channel: 'TAOBAO', storeId: 's' }), reads: [photo({ brands: [hit('muji', 'lookalike', 20)] })] }), []],
    ['prohibited category', facts({ order: order({ declaredBrand: null, category: 'airbag_components', channel: 'TAOBAO', storeId: 's' }) }), ['PROHIBITED_CATEGORY']],
    ['blank product photo', facts({ reads: [photo({ words: [], text: '' })] }), ['UNREADABLE']],
    ['low-confidence text only', facts({ reads: [photo({ words: [{ text: 'ee', confidence: 30, box: { x: 0, y: 0, w: 1, h: 1 }, line: 0 }] })] }), ['UNREADABLE']],
    ['waybill photo only', facts({ reads: [photo({ kind: 'waybill' })] }), ['UNREADABLE']],
    ['no photos', facts({ reads: [] }), ['UNREADABLE']],
    ['everything wrong at once', facts({ order: order({ channel: 'XIANYU', category: 'airbag_components', storeId: 's' }), reads: [photo({ brands: [hit('nike', 'alias'), hit('muji', 'lookalike')] })] }), ['BRAND_LOOKALIKE', 'BRAND_UNDECLARED', 'CHANNEL_NOT_APPROVED', 'PROHIBITED_CATEGORY']],
  ])('%s', (_name, f, expected) => {
    expect(codes(f)).toEqual([...expected].sort());
    expect(evaluate(f).outcome).toBe(expected.length ? 'HOLD' : 'CLEAR');
  });
});

describe('authorised sellers', () => {
  const withInvoice = (inv: Partial<InvoiceFields> = {}) => [photo(), photo({ photoId: 'inv', kind: 'invoice', invoice: invoice(inv) })];

  it.each([
    ['valid certificate and matching invoice', authorised(), withInvoice(), []],
    ['certificate valid to the day of purchase', authorised({ purchaseDate: '2026-10-31' }), withInvoice(), []],
    ['certificate valid from the day of purchase', authorised({ purchaseDate: '2025-01-01' }), withInvoice(), []],
    ['certificate expired the day before purchase', authorised({ purchaseDate: '2026-11-01' }), withInvoice(), ['AUTHORIZATION_INVALID']],
    ['certificate not yet valid', authorised({ purchaseDate: '2024-12-31' }), withInvoice(), ['AUTHORIZATION_INVALID']],
    ['scope does not cover the category', authorised({ category: 'apparel' }), withInvoice(), ['AUTHORIZATION_INVALID']],
    ['no certificate for this seller', authorised({ sellerTaxId: '91337167Y8YLQKR4YN' }), withInvoice({ sellerTaxId: '91337167Y8YLQKR4YN', sellerTaxIdRead: '91337167Y8YLQKR4YN' }), ['AUTHORIZATION_INVALID']],
    ['certificate for another brand only', authorised({ declaredBrand: 'Nike', category: 'household' }), withInvoice(), ['AUTHORIZATION_INVALID']],
    ['no seller credit code on the order', authorised({ sellerTaxId: null }), withInvoice(), ['AUTHORIZATION_INVALID']],
    ['no invoice in the photos', authorised(), [photo()], ['INVOICE_MISSING']],
    ['invoice from another company', authorised(), withInvoice({ sellerName: '深圳某某贸易有限公司', sellerTaxId: '91337167Y8YLQKR4YN', sellerTaxIdRead: '91337167Y8YLQKR4YN' }), ['INVOICE_SELLER_MISMATCH']],
    ['credit code with one OCR-confused character (B for 8)', authorised(), withInvoice({ sellerTaxId: '9133566B4C6RTNLYJX', sellerTaxIdRead: '9133566B4C6RTNLYJX', sellerTaxIdValid: false }), []],
    ['credit code with O for 0 and spaces', authorised(), withInvoice({ sellerTaxIdRead: '9133 5668 4C6R TNLYJX' }), []],
    ['credit code two characters off', authorised(), withInvoice({ sellerName: null, sellerTaxIdRead: '9133566B4C6RTNLYAX', sellerTaxIdValid: false }), ['INVOICE_SELLER_MISMATCH']],
    ['unreadable code, seller name matches', authorised(), withInvoice({ sellerTaxIdRead: null, sellerTaxId: null, sellerTaxIdValid: false }), []],
    ['nothing readable about the seller', authorised(), withInvoice({ sellerTaxIdRead: null, sellerTaxId: null, sellerName: null }), ['INVOICE_SELLER_MISMATCH']],
    ['lapsed certificate and no invoice: both said', authorised({ purchaseDate: '2026-11-15' }), [photo()], ['AUTHORIZATION_INVALID', 'INVOICE_MISSING']],
  ])('%s', (_name, o, reads, expected) => {
    expect(codes(facts({ order: o, reads }))).toEqual([...expected].sort());
  });

  it('cites the certificate and its dates when it has lapsed', () => {
    const v = evaluate(facts({ order: authorised({ purchaseDate: '2026-11-01' }), reads: [photo(), photo({ photoId: 'inv', kind: 'invoice', invoice: invoice() })] }));
    const f = v.findings[0];
    expect(f.message).toContain('2026-10-31');
    expect(f.messageZh).toContain('有效期');
    expect(f.evidence.some((e) => e.kind === 'certificate' && e.text.includes('C1'))).toBe(true);
  });
});

describe('findings speak both languages and cite evidence', () => {
  it('every finding has an English and a Chinese sentence', () => {
    const v = evaluate(facts({ order: order({ channel: 'XIANYU', category: 'airbag_components', storeId: 's' }), reads: [photo({ brands: [hit('nike', 'alias'), hit('muji', 'lookalike')] })] }));
    for (const f of v.findings) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
    const undeclared = v.findings.find((f) => f.code === 'BRAND_UNDECLARED')!;
    expect(undeclared.evidence[0]).toMatchObject({ photoId: 'tag', box: { x: 1, y: 2, w: 3, h: 4 }, kind: 'word' });
  });
});
