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

export interface Brand {
  id: string;
  name: string;
  aliases: string[];
  gs1Prefixes: string[];
  officialStores: OfficialStore[];
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
  timingsMs: { decode: number; barcodes: number; ocr: number; total: number };
  /** Why the photo could not be read at all (damaged image data), where that happened. */
  error?: string;
}

export type ReasonCode =
  | 'UNKNOWN_PARCEL'
  | 'CHANNEL_NOT_APPROVED'
  | 'STORE_NOT_OFFICIAL'
  | 'BRAND_UNDECLARED'
  | 'BRAND_LOOKALIKE'
  | 'AUTHORIZATION_INVALID'
  | 'INVOICE_MISSING'
  | 'INVOICE_SELLER_MISMATCH'
  | 'PROHIBITED_CATEGORY'
  | 'UNREADABLE';

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

export type Outcome = 'CLEAR' | 'HOLD';

export interface Verdict {
  outcome: Outcome;
  findings: Finding[];
  rulesetVersion: number;
  /** The rules that ran, "id@version,…" (shared/rules/ruleIdentity.ts). */
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
