// Hand-built facts for the rules' table tests: a MUJI official store order, a MUJI certificate for an
// authorised seller, a product tag photo, brand hits and an invoice, each overridable.
import type { RuleFacts } from '../../shared/rules/engine';
import { DEFAULT_RULESET } from '../../shared/rules/ruleset';
import type { Brand, BrandHit, Certificate, InvoiceFields, Order, PhotoRead } from '../../shared/types';

export const muji: Brand = {
  id: 'muji',
  name: 'MUJI',
  aliases: ['MUJI', '无印良品'],
  gs1Prefixes: ['4547315'],
  officialStores: [
    { channel: 'TMALL_FLAGSHIP', storeId: 'tmall-muji-official', name: 'MUJI官方旗舰店' },
    { channel: 'JD_SELF_OPERATED', storeId: 'jd-self-5693', name: '无印良品京东自营官方旗舰店' },
    { channel: 'WECHAT_OFFICIAL', storeId: 'wx-muji', name: 'MUJI官方商城小程序' },
    { channel: 'BRAND_CN_STORE', storeId: 'muji-cn-store', name: '无印良品中国官方商城' },
  ],
};
export const nike: Brand = { id: 'nike', name: 'Nike', aliases: ['NIKE', '耐克'], gs1Prefixes: ['0883412'], officialStores: [] };
export const SELLER = '913356684C6RTNLYJX';
export const cert: Certificate = { id: 'C1', brandId: 'muji', sellerName: '宁波无印良品授权经销商贸易有限公司', sellerTaxId: SELLER, validFrom: '2025-01-01', validTo: '2026-10-31', scope: ['household'] };

export const order = (o: Partial<Order> = {}): Order => ({
  orderNo: 'O1',
  trackingNo: 'SF1234567890',
  customer: 'C1',
  item: 'MUJI 香薰机',
  declaredBrand: 'MUJI',
  category: 'household',
  channel: 'JD_SELF_OPERATED',
  storeId: 'jd-self-5693',
  storeName: '无印良品京东自营官方旗舰店',
  sellerTaxId: null,
  purchaseDate: '2026-10-01',
  amountFen: 100,
  ...o,
});

export const hit = (brandId: string, kind: BrandHit['kind'], confidence = 90): BrandHit => ({
  brandId,
  brandName: brandId,
  kind,
  matched: brandId,
  evidence: brandId.toUpperCase(),
  photoId: 'tag',
  box: { x: 1, y: 2, w: 3, h: 4 },
  confidence,
});

export const invoice = (o: Partial<InvoiceFields> = {}): InvoiceFields => ({
  sellerName: '宁波无印良品授权经销商贸易有限公司',
  sellerTaxId: SELLER,
  sellerTaxIdRead: SELLER,
  sellerTaxIdValid: true,
  invoiceNo: '123456789',
  date: '2026-10-02',
  totalFen: 100,
  item: 'MUJI 香薰机',
  photoId: 'inv',
  box: null,
  ...o,
});

export const photo = (o: Partial<PhotoRead> = {}): PhotoRead => ({
  photoId: 'tag',
  width: 100,
  height: 100,
  kind: 'tag',
  barcodes: [],
  words: [{ text: 'ART.', confidence: 95, box: { x: 0, y: 0, w: 10, h: 10 }, line: 0 }, { text: '96549', confidence: 95, box: { x: 20, y: 0, w: 10, h: 10 }, line: 0 }],
  text: 'ART. 96549',
  meanConfidence: 95,
  brands: [],
  invoice: null,
  waybill: null,
  timingsMs: { decode: 0, barcodes: 0, ocr: 0, total: 0 },
  ...o,
});

export const facts = (o: Partial<RuleFacts> = {}): RuleFacts => ({
  trackingNo: 'SF1234567890',
  order: order(),
  brands: [muji, nike],
  certificates: [cert],
  reads: [photo()],
  today: '2026-11-22',
  ruleset: DEFAULT_RULESET,
  rulesetVersion: 3,
  replicaPhrases: [],
  sellerFlags: [],
  sellerList: [],
  orderTextLookalikes: [],
  ...o,
});

export const authorised = (o: Partial<Order> = {}) => order({ channel: 'AUTHORIZED_SELLER', storeId: 'shop-1', storeName: cert.sellerName, sellerTaxId: SELLER, ...o });
