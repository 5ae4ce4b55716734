// Invoice and waybill fields from OCR lines, and what kind of photo it was. Pure functions.
import type { BarcodeRead, Box, InvoiceFields, PhotoKind, WaybillFields } from '../types';
import { readCreditCode } from './creditCode';
import { parseAmountFen } from '../imports/ordersFile';
import { isIsoDate } from '../dates';

export interface TextLine {
  text: string;
  box: Box;
}

const INVOICE_HINT = /发票|INVOICE|销售方|价税合计|纳税人识别号/i;
const WAYBILL_HINT = /收件人|寄件人|发件人|运单|快递|速运|速递|物流|EXPRESS|WAYBILL|SHIP\s*TO|TRACKING/i;

/**
 * Tracking numbers as couriers print them: letters then digits (SF…, JD…, YT…, JT…), all digits
 * (ZTO, STO, Yunda), UPS 1Z…, and the postal S10 form of EMS and China Post (EA123456789CN).
 */
const TRACKING_RE = /^(?:[A-Z]{1,4}\d{8,20}|\d{10,22}|1Z[0-9A-Z]{16}|[A-Z]{2}\d{9}[A-Z]{2})$/;
export const RETAIL = new Set(['EAN_13', 'EAN_8', 'UPC_A', 'UPC_E']);

export function looksLikeTracking(s: string): boolean {
  return TRACKING_RE.test(s.trim().toUpperCase());
}

/** Lines on the same row as `box`, to its right: the value cell of a label cell in a table. */
function rightOf(lines: TextLine[], box: Box): TextLine[] {
  const mid = box.y + box.h / 2;
  return lines
    .filter((l) => l.box.x >= box.x + box.w - 2 && Math.abs(l.box.y + l.box.h / 2 - mid) < Math.max(box.h, l.box.h) * 0.6)
    .sort((a, b) => a.box.x - b.box.x);
}

function below(lines: TextLine[], box: Box): TextLine | null {
  const cands = lines
    .filter((l) => l.box.y > box.y + box.h * 0.6 && l.box.y - (box.y + box.h) < box.h * 2.5 && l.box.x + l.box.w > box.x && l.box.x < box.x + box.w * 3)
    .sort((a, b) => a.box.y - b.box.y);
  return cands[0] ?? null;
}

/** Table rules read as "|" and stray punctuation at the ends of a cell are not part of its value. */
function clean(s: string): string {
  return s.replace(/^[\s|｜:：;,.、]+|[\s|｜;,、]+$/g, '').trim();
}

/** The value printed after a label: on the same line, in the cell to the right, or on the line below. */
export function valueAfter(lines: TextLine[], label: RegExp, accept: (v: string) => boolean = (v) => v.length > 0): { value: string; box: Box } | null {
  for (const line of lines) {
    const v = valueAt(lines, line, label, accept);
    if (v) return v;
  }
  return null;
}

function valueAt(lines: TextLine[], line: TextLine, label: RegExp, accept: (v: string) => boolean): { value: string; box: Box } | null {
  const m = label.exec(line.text);
  if (!m) return null;
  const rest = clean(line.text.slice(m.index + m[0].length).replace(/^[\s:：)）(（小写]+/, ''));
  if (rest && accept(rest)) return { value: rest, box: line.box };
  for (const cell of rightOf(lines, line.box)) {
    if (cell !== line && accept(clean(cell.text))) return { value: clean(cell.text), box: cell.box };
  }
  const next = below(lines, line.box);
  if (next && !label.test(next.text) && accept(clean(next.text))) return { value: clean(next.text), box: next.box };
  return null;
}

const SELLER_MARK = /销售方|销方|卖方|SELLER|SOLD\s*BY|VENDOR/i;
const BUYER_MARK = /购买方|购方|买方|BUYER|BILL\s*TO/i;

function centre(b: Box) {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}
function distance(a: Box, b: Box): number {
  const p = centre(a);
  const q = centre(b);
  return Math.hypot(p.x - q.x, p.y - q.y);
}
/** Distance from an anchor to what follows it: a block's code comes after its name, never before. */
function after(box: Box, anchor: Box): number {
  return distance(box, anchor) + (centre(box).y < centre(anchor).y - anchor.h / 2 ? 10_000 : 0);
}

function nearest(box: Box, marks: TextLine[]): number {
  return marks.length ? Math.min(...marks.map((m) => distance(box, m.box))) : Infinity;
}

const CREDIT_CANDIDATE = /[0-9A-Z]{18}/g;

function creditCodesIn(s: string): string[] {
  const compact = s.toUpperCase().replace(/[\s\-·]/g, '');
  return compact.match(CREDIT_CANDIDATE) ?? [];
}

function normalizeDate(s: string): string | null {
  const m = /(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

function amountIn(s: string): number | null {
  const m = /[¥￥Y]?\s*(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})/.exec(s.replace(/\s+/g, ''));
  return m ? parseAmountFen(`${m[1]}.${m[2]}`) : null;
}

export function isInvoiceText(text: string): boolean {
  return INVOICE_HINT.test(text);
}

export function extractInvoice(lines: TextLine[], photoId: string, knownSellerCodes: readonly string[] = []): InvoiceFields | null {
  const all = lines.map((l) => l.text).join('\n');
  if (!isInvoiceText(all)) return null;
  // Buyer and seller blocks: on a newer e-invoice they stand side by side with the same labels
  // (名称, 纳税人识别号), so each value is given to the side whose heading is nearer.
  const sellerMarks = lines.filter((l) => SELLER_MARK.test(l.text));
  const buyerMarks = lines.filter((l) => BUYER_MARK.test(l.text));
  const sellerSide = (b: Box) => !buyerMarks.length || nearest(b, sellerMarks) <= nearest(b, buyerMarks);
  const isName = (v: string) => /[\u4e00-\u9fff]{4,}|[A-Za-z]{3,}/.test(v) && !BUYER_MARK.test(v);
  let seller = valueAfter(lines, /销售方名称|销售方\s*名\s*称|销方名称|SELLER(?:\s*NAME)?[:：]?|SOLD\s*BY[:：]?/i, isName);
  if (!seller && sellerMarks.length) {
    for (const line of lines.filter((l) => /(?:^|\s|信息)名\s*称[:：]?/.test(l.text) && !BUYER_MARK.test(l.text))) {
      const v = valueAt(lines, line, /名\s*称[:：]?/, isName);
      if (v && sellerSide(v.box)) {
        seller = v;
        break;
      }
    }
  }

  // The seller's code: every 18-character code read, the buyer's side left out, nearest the
  // seller's name (or heading) first.
  const codes: { code: string; box: Box; labelled: boolean }[] = [];
  for (const l of lines) {
    if (BUYER_MARK.test(l.text) && !SELLER_MARK.test(l.text)) continue;
    const labelled = /信用代码|识别号|税号|TAX\s*ID/i.test(l.text);
    for (const c of creditCodesIn(l.text.replace(/^.*?(信用代码|识别号|税号)/, ''))) codes.push({ code: c, box: l.box, labelled });
    if (labelled) {
      for (const cell of [...rightOf(lines, l.box), ...[below(lines, l.box)].filter((x): x is TextLine => !!x)]) {
        for (const c of creditCodesIn(cell.text)) codes.push({ code: c, box: cell.box, labelled: true });
      }
    }
  }
  const anchor = seller?.box ?? sellerMarks[0]?.box ?? null;
  const ranked = codes
    .filter((c) => /^[0-9A-HJ-NPQRTUWXY]/.test(c.code) && /\d/.test(c.code) && sellerSide(c.box))
    .sort((a, b) => Number(b.labelled) - Number(a.labelled) || (anchor ? after(a.box, anchor) - after(b.box, anchor) : 0));
  const taxRead: string | null = ranked[0]?.code ?? null;
  const credit = taxRead ? readCreditCode(taxRead, knownSellerCodes) : null;
  const invoiceNo = valueAfter(lines, /发票号码|发票代码|INVOICE\s*(?:NO|NUMBER|#)\.?[:：]?/i, (v) => /\d{6,}/.test(v.replace(/\s/g, '')));
  const date = valueAfter(lines, /开票日期|INVOICE\s*DATE|DATE[:：]/i, (v) => normalizeDate(v) !== null);
  const total = valueAfter(lines, /价税合计|合计金额|TOTAL(?:\s*AMOUNT)?[:：]?/i, (v) => amountIn(v) !== null);
  const item = valueAfter(lines, /项目名称|货物或应税劳务[、,]?服务名称|商品名称|DESCRIPTION[:：]?|ITEM[:：]?/i);
  return {
    sellerName: seller ? seller.value.replace(/\s+/g, '') : null,
    sellerTaxId: credit ? credit.code : null,
    sellerTaxIdRead: credit ? credit.read : null,
    sellerTaxIdValid: credit?.valid ?? false,
    invoiceNo: invoiceNo ? (invoiceNo.value.replace(/\s/g, '').match(/\d{6,}/)?.[0] ?? null) : null,
    date: date ? normalizeDate(date.value) : null,
    totalFen: total ? amountIn(total.value) : null,
    item: item ? item.value : null,
    photoId,
    box: seller?.box ?? null,
  };
}

/** The tracking number (barcode first, printed text second) and the sender's name. */
export function extractWaybill(lines: TextLine[], barcodes: BarcodeRead[], photoId: string): WaybillFields | null {
  const text = lines.map((l) => l.text).join('\n');
  const coded = barcodes.find((b) => !RETAIL.has(b.format) && looksLikeTracking(b.text));
  let trackingNo: string | null = coded ? coded.text.trim().toUpperCase() : null;
  let box: Box | null = coded?.box ?? null;
  let source: WaybillFields['trackingSource'] = coded ? 'barcode' : null;
  if (!trackingNo && WAYBILL_HINT.test(text)) {
    for (const l of lines) {
      const token = l.text
        .toUpperCase()
        .replace(/\s+/g, '')
        .match(/(?:[A-Z]{2}\d{9}[A-Z]{2}|[A-Z]{1,4}\d{8,20}|1Z[0-9A-Z]{16}|\d{12,22})/);
      if (token && looksLikeTracking(token[0])) {
        trackingNo = token[0];
        box = l.box;
        source = 'text';
        break;
      }
    }
  }
  const sender = valueAfter(lines, /寄件人|发件人|寄件方|SENDER[:：]?|FROM[:：]/i, (v) => /[\u4e00-\u9fff]{2,}|[A-Za-z]{3,}/.test(v));
  if (!trackingNo && !sender && !WAYBILL_HINT.test(text)) return null;
  return {
    trackingNo,
    trackingSource: source,
    senderName: sender ? sender.value.replace(/\s+/g, '') : null,
    photoId,
    box,
  };
}

export function classifyPhoto(text: string, barcodes: BarcodeRead[], invoice: InvoiceFields | null, waybill: WaybillFields | null): PhotoKind {
  if (invoice) return 'invoice';
  if (waybill?.trackingNo || WAYBILL_HINT.test(text)) return 'waybill';
  if (text.trim() || barcodes.length) return 'tag';
  return 'unknown';
}
