// The invoice's seller against the order's: the credit code decides, the name is a note.
import { describe, expect, it } from 'vitest';
import { evaluate, type RuleFacts } from '../../shared/rules/engine';
import { DEFAULT_RULESET } from '../../shared/rules/ruleset';
import { retakeAtStation } from '../../electron/main/service/retake';
import type { Brand, Certificate, InvoiceFields, Order, PhotoRead } from '../../shared/types';

const muji: Brand = { id: 'muji', name: 'MUJI', aliases: ['MUJI', '无印良品'], gs1Prefixes: [], officialStores: [] };
const SELLER = '913356684C6RTNLYJX';
const OTHER = '91337167Y8YLQKR4YN';
const NAME = '宁波无印良品授权经销商贸易有限公司';
const cert: Certificate = { id: 'C1', brandId: 'muji', sellerName: NAME, sellerTaxId: SELLER, validFrom: '2025-01-01', validTo: '2027-12-31', scope: ['household'] };
const order = (o: Partial<Order> = {}): Order => ({
  orderNo: 'O1',
  trackingNo: 'SF1234567890',
  customer: 'C1',
  item: 'MUJI 香薰机',
  declaredBrand: 'MUJI',
  category: 'household',
  channel: 'AUTHORIZED_SELLER',
  storeId: 'shop-1',
  storeName: NAME,
  sellerTaxId: SELLER,
  purchaseDate: '2026-10-01',
  amountFen: 218300,
  ...o,
});
const invoice = (o: Partial<InvoiceFields> = {}): InvoiceFields => ({
  sellerName: NAME,
  sellerTaxId: SELLER,
  sellerTaxIdRead: SELLER,
  sellerTaxIdValid: true,
  invoiceNo: '12345678',
  date: '2026-10-02',
  totalFen: 218300,
  item: 'MUJI 香薰机',
  photoId: 'inv',
  box: { x: 5, y: 6, w: 7, h: 8 },
  ...o,
});
const photo = (o: Partial<PhotoRead> = {}): PhotoRead => ({
  photoId: 'tag',
  width: 100,
  height: 100,
  kind: 'tag',
  barcodes: [],
  words: [{ text: 'MUJI', confidence: 95, box: { x: 0, y: 0, w: 10, h: 10 }, line: 0 }, { text: '96549', confidence: 95, box: { x: 20, y: 0, w: 10, h: 10 }, line: 0 }],
  text: 'MUJI 96549',
  meanConfidence: 95,
  brands: [],
  invoice: null,
  waybill: null,
  timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
  ...o,
});
const facts = (inv: Partial<InvoiceFields> | null, o: Partial<Order> = {}): RuleFacts => ({
  trackingNo: 'SF1234567890',
  order: order(o),
  brands: [muji],
  certificates: [cert],
  reads: [photo(), ...(inv ? [photo({ photoId: 'inv', kind: 'invoice', invoice: invoice(inv) })] : [])],
  today: '2026-11-22',
  ruleset: DEFAULT_RULESET,
  rulesetVersion: 1,
  replicaPhrases: [],
  sellerFlags: [],
  sellerList: [],
  orderTextLookalikes: [],
});

describe('the invoice seller is decided by credit code', () => {
  it('clears a seller name misread by one character when the credit code is the order seller’s, with a note', () => {
    // 宁波无印良品 with 印 read as 卬: the name alone would hold.
    const v = evaluate(facts({ sellerName: '宁波无卬良品授权经销商贸易有限公司' }));
    expect(v.outcome).toBe('CLEAR');
    expect(v.findings).toEqual([]);
    expect(v.notes).toHaveLength(1);
    expect(v.notes[0]).toMatchObject({ code: 'INVOICE_SELLER_NAME_DIFFERS', evidence: [{ photoId: 'inv', kind: 'invoice', box: { x: 5, y: 6, w: 7, h: 8 } }] });
    expect(v.notes[0].message).toContain('宁波无卬良品');
    expect(v.notes[0].messageZh).toMatch(/不扣留/);
  });

  it('holds the same misread name without a readable code (the name alone must match)', () => {
    const v = evaluate(facts({ sellerName: '宁波无卬良品授权经销商贸易有限公司', sellerTaxIdRead: null, sellerTaxId: null, sellerTaxIdValid: false }));
    expect(v.findings.map((f) => f.code)).toEqual(['INVOICE_SELLER_MISMATCH']);
    expect(v.retake).toEqual([]);
  });

  it('holds a different valid credit code even under the order seller’s exact name', () => {
    const v = evaluate(facts({ sellerTaxId: OTHER, sellerTaxIdRead: OTHER }));
    expect(v.outcome).toBe('HOLD');
    expect(v.findings.map((f) => f.code)).toEqual(['INVOICE_SELLER_MISMATCH']);
    expect(v.findings[0].message).toContain(OTHER);
    expect(v.notes).toEqual([]);
  });

  it('confirms by the certificate holder’s code when the order carries none', () => {
    const v = evaluate(facts({ sellerName: '宁波无卬良品授权经销商贸易有限公司' }, { sellerTaxId: null }));
    // No code on the order: the certificate cannot be found for it either, but the invoice is not the problem.
    expect(v.findings.map((f) => f.code)).toEqual(['AUTHORIZATION_INVALID']);
    expect(v.notes.map((n) => n.code)).toEqual(['INVOICE_SELLER_NAME_DIFFERS']);
  });

  it('says nothing when name and code both match', () => {
    const v = evaluate(facts({}));
    expect(v).toMatchObject({ outcome: 'CLEAR', findings: [], notes: [], retake: [] });
  });

  it('holds, asking for a retake, when neither name nor code can be read', () => {
    const v = evaluate(facts({ sellerName: null, sellerTaxIdRead: 'X1', sellerTaxId: null, sellerTaxIdValid: false }));
    expect(v.outcome).toBe('HOLD');
    expect(v.findings.map((f) => f.code)).toEqual(['INVOICE_SELLER_MISMATCH']);
    expect(v.findings[0].messageZh).toMatch(/重拍/);
    expect(v.retake).toEqual([{ photoId: 'inv', reason: 'INVOICE_SELLER_UNREADABLE' }]);
    // At a station a person retakes; the command line's batch holds.
    expect(retakeAtStation(v, false)).toEqual([{ photoId: 'inv', reason: 'INVOICE_SELLER_UNREADABLE' }]);
    expect(retakeAtStation(v, true)).toEqual([]);
  });

  it('holds without a retake when something else holds the parcel too', () => {
    const v = evaluate(facts({ sellerName: null, sellerTaxIdRead: null, sellerTaxId: null, sellerTaxIdValid: false }, { purchaseDate: '2028-01-01' }));
    expect(v.findings.map((f) => f.code).sort()).toEqual(['AUTHORIZATION_INVALID', 'INVOICE_SELLER_MISMATCH']);
    expect(retakeAtStation(v, false)).toEqual([]);
  });

  it('notes where the invoice QR and its print disagree, in both languages, without holding', () => {
    const qr = { grammar: 'digital' as const, type: '32', invoiceCode: null, invoiceNo: '26427000000316294884', amountFen: 218300, amountKind: 'total' as const, date: '2026-10-21', checkCode: null, text: '01,32,,26427000000316294884,2183.00,20261021,,5F98', box: null };
    const v = evaluate(facts({ qr, disagreements: [{ field: 'totalFen', qr: '218300', ocr: '218800' }] }));
    expect(v.outcome).toBe('CLEAR');
    expect(v.notes).toHaveLength(1);
    expect(v.notes[0]).toMatchObject({ code: 'INVOICE_QR_DIFFERS', evidence: [{ photoId: 'inv', kind: 'barcode' }] });
    expect(v.notes[0].message).toContain('¥2183.00');
    expect(v.notes[0].messageZh).toContain('¥2188.00');
  });
});
