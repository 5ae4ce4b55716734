// Domain types shared by main, renderer, command line and tests.
import type { OrderChannel } from './channels';

export type Role = 'inspector' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['inspector', 'supervisor', 'admin'];
export type Locale = 'zh' | 'en';

export interface OfficialStore {
  channel: OrderChannel;
  storeId: string;
  name: string;
}

/** A known counterfeit mark of a brand (a clone brand, an established misspelling) and where it is documented. */
export interface LookalikeMark {
  mark: string;
  source: string | null;
}

export interface Brand {
  id: string;
  name: string;
  aliases: string[];
  gs1Prefixes: string[];
  officialStores: OfficialStore[];
  /** Known clone and look-alike marks of this brand (brands.json `lookalikes`, merged with the shipped list). */
  lookalikes?: LookalikeMark[];
  /** Categories of goods the brand sells (lower case), where known: the ordinary-use judge's context. */
  categories?: string[];
}

export interface Certificate {
  id: string;
  brandId: string;
  sellerName: string;
  sellerTaxId: string;
  /** ISO dates (YYYY-MM-DD), both days included. */
  validFrom: string;
  validTo: string;
  scope: string[];
}

export interface Order {
  orderNo: string;
  trackingNo: string;
  customer: string;
  item: string;
  declaredBrand: string | null;
  category: string;
  channel: OrderChannel;
  storeId: string;
  storeName: string;
  sellerTaxId: string | null;
  purchaseDate: string;
  /** Amount in fen (1/100 CNY), to keep money exact. */
  amountFen: number;
  /** When the customer received the goods (YYYY-MM-DD), where the orders file says: starts the seller's return window. */
  deliveryDate?: string | null;
}

export interface User {
  id: number;
  name: string;
  role: Role;
  locale: Locale;
}

/** A box in photo pixel coordinates (after EXIF orientation). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type BarcodeFormat =
  | 'CODE_128'
  | 'EAN_13'
  | 'EAN_8'
  | 'UPC_A'
  | 'UPC_E'
  | 'CODE_39'
  | 'ITF'
  | 'QR_CODE'
  | 'DATA_MATRIX'
  | 'PDF_417'
  | 'CODABAR'
  | 'OTHER';

export interface BarcodeRead {
  format: BarcodeFormat;
  text: string;
  box: Box;
}

export interface WordRead {
  text: string;
  /** 0..100 as tesseract reports it. */
  confidence: number;
  box: Box;
  /** Line index within the photo, so text can be rebuilt in reading order. */
  line: number;
}

export type BrandMatchKind = 'alias' | 'lookalike' | 'gs1';

export interface BrandHit {
  brandId: string;
  brandName: string;
  kind: BrandMatchKind;
  /** The registry name or alias it matched, or the GS1 prefix. */
  matched: string;
  /** What was read: the words or the barcode text. */
  evidence: string;
  photoId: string;
  box: Box | null;
  confidence: number;
  /**
   * For a look-alike: how it imitates the brand. clone: a known clone mark; disguise: digits, symbols,
   * homoglyphs or spacing; spelling: letters changed, added or dropped; truncated: a long mark whose
   * read stops early (OCR cut it short); near-name: a Chinese name with a suffix (牌/款/同款);
   * sound: a Chinese character swapped for a same- or near-sounding one; shape: for a look-alike
   * character; swap: characters or letters swapped in place; transliteration: a Chinese rendering of
   * the brand's Latin name.
   */
  how?: 'clone' | 'disguise' | 'near-name' | 'spelling' | 'truncated' | 'sound' | 'shape' | 'swap' | 'transliteration';
  /** For a known clone mark: where it is documented. */
  source?: string | null;
}

export interface InvoiceFields {
  sellerName: string | null;
  sellerTaxId: string | null;
  /** The code exactly as OCR read it, before validation and repair. */
  sellerTaxIdRead: string | null;
  sellerTaxIdValid: boolean;
  invoiceNo: string | null;
  date: string | null;
  totalFen: number | null;
  item: string | null;
  photoId: string;
  box: Box | null;
  /** 发票代码 (older VAT invoices; a 数电票 has none). Never the 发票号码. */
  invoiceCode?: string | null;
  /** The fapiao's QR payload where one decoded; its code, number, date and amount win over OCR. */
  qr?: InvoiceQr | null;
  /** Where invoiceCode, invoiceNo, date and totalFen came from. */
  sources?: Partial<Record<InvoiceQrField, 'qr' | 'ocr'>>;
  /** Fields where OCR read something other than the QR says (the QR value is kept). */
  disagreements?: { field: InvoiceQrField; qr: string; ocr: string }[];
}

export type InvoiceQrField = 'invoiceCode' | 'invoiceNo' | 'date' | 'totalFen';

export interface InvoiceQr {
  /** 'vat': the older VAT invoice QR; 'digital': the 数电票 form (empty code, 20-digit number). */
  grammar: 'vat' | 'digital';
  type: string;
  invoiceCode: string | null;
  invoiceNo: string;
  amountFen: number;
  /** The 数电票 QR carries the total with tax; the older QR the amount before tax. */
  amountKind: 'total' | 'pretax';
  date: string;
  checkCode: string | null;
  text: string;
  box: Box | null;
}

export interface WaybillFields {
  trackingNo: string | null;
  trackingSource: 'barcode' | 'text' | null;
  senderName: string | null;
  photoId: string;
  box: Box | null;
}

export type PhotoKind = 'waybill' | 'tag' | 'invoice' | 'unknown';

export interface PhotoRead {
  photoId: string;
  width: number;
  height: number;
  kind: PhotoKind;
  barcodes: BarcodeRead[];
  words: WordRead[];
  /** The text in reading order, lines joined with newlines, CJK spacing removed. */
  text: string;
  /** Mean word confidence, 0..100; 0 where nothing was read. */
  meanConfidence: number;
  brands: BrandHit[];
  invoice: InvoiceFields | null;
  waybill: WaybillFields | null;
  /** ocr includes detect (text lines found), classify (0/180 vote) and recognise (lines read), where the line models ran. */
  timingsMs: { decode: number; barcodes: number; ocr: number; total: number; detect?: number; classify?: number; recognise?: number; reread?: number; fields?: number };
  /** Why the photo could not be read at all (damaged image data), where that happened. */
  error?: string;
}

/** Why a parcel is held: one code per rule, derived from the rules' list (shared/rules/ruleList.ts). */
export type { ReasonCode } from './rules/ruleList';
import type { ReasonCode } from './rules/ruleList';

export interface Evidence {
  photoId: string | null;
  /** The word(s) or barcode text that caused the finding. */
  text: string;
  box: Box | null;
  kind: 'word' | 'barcode' | 'order' | 'certificate' | 'invoice' | 'photo';
}

export interface Finding {
  code: ReasonCode;
  message: string;
  messageZh: string;
  evidence: Evidence[];
}

/**
 * Something a person should see that does not hold the parcel (the invoice's seller name differs a
 * little while its credit code confirms the seller; OCR disagrees with the invoice's QR).
 */
export type NoteCode =
  | 'INVOICE_SELLER_NAME_DIFFERS'
  | 'INVOICE_QR_DIFFERS'
  /** A brand word read on the parcel is used as an ordinary word (dictionary and context agree): no hold. */
  | 'BRAND_WORD_ORDINARY'
  /** The declared brand's own mark, read with a slip, on goods bought through an approved channel: no hold. */
  | 'DECLARED_BRAND_MISREAD';

export interface Note {
  code: NoteCode;
  message: string;
  messageZh: string;
  evidence: Evidence[];
}

export type Outcome = 'CLEAR' | 'HOLD';

export interface Verdict {
  outcome: Outcome;
  findings: Finding[];
  /** Non-holding observations, shown with the verdict and stored with the inspection. */
  notes: Note[];
  /**
   * Photos a person could retake to settle a finding (the invoice's seller could not be read). The
   * rules hold regardless; the service asks a station for the retake instead of opening a hold.
   */
  retake: { photoId: string; reason: 'INVOICE_SELLER_UNREADABLE' }[];
  rulesetVersion: number;
  /** The rules that applied, "id@version,…" (shared/rules/ruleIdentity.ts); older records list every rule that ran. */
  rules: string;
  /** Brand ids involved: declared or seen. */
  brands: string[];
}

export type ParcelStatus =
  | 'NEW'
  | 'CLEARED'
  | 'HELD'
  | 'RELEASED'
  | 'AWAITING_PROOF'
  | 'RETURNED'
  | 'DESTROYED'
  | 'SHIPPED';

export type HoldDisposition = 'RELEASE' | 'RETURN' | 'DESTROY' | 'AWAIT_PROOF';
export type HoldStatus = 'OPEN' | 'AWAITING_PROOF' | 'RELEASED' | 'RETURNED' | 'DESTROYED';
