// Invoice and waybill fields from OCR lines, and what kind of photo it was. Pure functions.
import type { BarcodeRead, Box, InvoiceFields, InvoiceQr, InvoiceQrField, PhotoKind, WaybillFields } from '../types';
import { looksLikeFapiaoQr, parseFapiaoQr } from './fapiaoQr';
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

const SELLER_MARK = /销\s*售\s*方|销方|卖方|SELLER|SOLD\s*BY|VENDOR/i;
const BUYER_MARK = /购\s*买\s*方|购方|买方|BUYER|BILL\s*TO/i;
/**
 * The older fapiao prints 购买方 / 销售方 as a narrow vertical heading: OCR gives its characters as
 * lines of their own, or as the first character of the row beside them ("销 名 称: …").
 */
const SELLER_VERTICAL = /^[销售](?:\s*方)?$|^[销售]\s+(?=名\s*称|纳税人|统一社会)/;
const BUYER_VERTICAL = /^[购买](?:\s*方)?$|^[购买]\s+(?=名\s*称|纳税人|统一社会)/;

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
  // A longer run of digits alone is a number (a 20-digit invoice number), not a code inside it.
  return (compact.match(/[0-9A-Z]{18,}/g) ?? []).filter((run) => !(run.length > 18 && /^\d+$/.test(run))).flatMap((run) => run.match(CREDIT_CANDIDATE) ?? []);
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

/** The labels of the name row; any spacing between the characters (名\u3000称, 名 称). */
// Stray marks OCR puts between the spaced characters (名 ”称) are tolerated too.
const NAME_LABEL = /名[\s"'“”‘’·.,、]*称\s*[:：]?/;
const SELLER_NAME_LABEL = /销\s*售\s*方\s*名\s*称|销\s*方\s*名\s*称|SELLER(?:\s*NAME)?[:：]?|SOLD\s*BY[:：]?/i;
const INVOICE_NO_LABEL = /发\s*票\s*号\s*码|INVOICE\s*(?:NO|NUMBER|#)\.?[:：]?/i;
const INVOICE_CODE_LABEL = /发\s*票\s*代\s*码/;
/** Where one label's value ends because the next label starts on the same line. */
const NEXT_LABEL = /发\s*票\s*(?:号\s*码|代\s*码)|开\s*票\s*日\s*期|校\s*验\s*码|机\s*器\s*编\s*号/;

function digitsAfter(v: { value: string } | null, lengths: RegExp): string | null {
  if (!v) return null;
  const head = v.value.split(NEXT_LABEL)[0].replace(/\s/g, '');
  const runs = head.match(/\d{6,}/g) ?? [];
  return runs.find((r) => lengths.test(r)) ?? runs[0] ?? null;
}

/**
 * A seller name as OCR gives its cell: the next cell (密码区, a table rule "|") can run on after it
 * on the same line, and quote marks stray in from the spaced label.
 */
function sellerNameOf(value: string): string | null {
  const name = value
    .split(/[|｜]/)[0]
    .replace(/\s+[\u4e00-\u9fff]\s*$/, '')
    .replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, '')
    .replace(/\s+/g, '')
    // The heading of the cell beside it (密码区, 备注) read onto the end of a company name.
    .replace(/(有限公司|公司|商行|经营部|经销部|商店|店|厂|中心)[密备注]$/, '$1');
  return name || null;
}

/** The fapiao QR among the barcodes, parsed; the first that parses wins. */
function fapiaoQrOf(barcodes: readonly BarcodeRead[]): InvoiceQr | null {
  for (const b of barcodes) {
    if (b.format !== 'QR_CODE' || !looksLikeFapiaoQr(b.text)) continue;
    const p = parseFapiaoQr(b.text);
    if (p.ok) return { ...p.value, text: b.text, box: b.box };
  }
  return null;
}

/**
 * The seller's name row. Labelled outright (销售方名称), else a 名称 row on the seller's side: the
 * side whose heading is nearer, or with no heading read, the block further down (older layout:
 * buyer above, seller below) or further right (side-by-side layout).
 */
function sellerNameRow(lines: TextLine[], sellerMarks: TextLine[], buyerMarks: TextLine[], isName: (v: string) => boolean) {
  const labelled = valueAfter(lines, SELLER_NAME_LABEL, isName);
  if (labelled) return labelled;
  const rows = lines
    .filter((l) => NAME_LABEL.test(l.text) && !BUYER_MARK.test(l.text) && !/项\s*目\s*名\s*称|商\s*品\s*名\s*称|服务名称/.test(l.text))
    .map((l) => ({ line: l, v: valueAt(lines, l, NAME_LABEL, isName) }))
    .filter((r): r is { line: TextLine; v: { value: string; box: Box } } => !!r.v && !BUYER_VERTICAL.test(r.line.text));
  if (!rows.length) return null;
  const marked = rows.filter((r) => SELLER_VERTICAL.test(r.line.text));
  if (marked.length) return marked[0].v;
  const bySide = (cands: typeof rows) => {
    if (!sellerMarks.length && !buyerMarks.length) return cands;
    return cands
      .filter((r) => nearest(r.v.box, sellerMarks) <= nearest(r.v.box, buyerMarks))
      .sort((p, q) => (sellerMarks.length ? nearest(p.v.box, sellerMarks) - nearest(q.v.box, sellerMarks) : nearest(q.v.box, buyerMarks) - nearest(p.v.box, buyerMarks)));
  };
  if (rows.length === 1) return bySide(rows)[0]?.v ?? null;
  const byY = [...rows].sort((p, q) => centre(p.line.box).y - centre(q.line.box).y);
  const top = byY[0].line.box;
  const bottom = byY[byY.length - 1].line.box;
  // Stacked blocks are the older layout: the seller's comes below the buyer's (its heading, if read
  // at all, may be the 销售方(章) at the foot, which says nothing about which row is whose).
  if (centre(bottom).y - centre(top).y > Math.max(top.h, bottom.h)) return byY[byY.length - 1].v;
  // Side by side: the block whose heading is nearer, else the right one.
  const side = bySide(rows);
  if (sellerMarks.length || buyerMarks.length) return side[0]?.v ?? null;
  return [...rows].sort((p, q) => centre(q.line.box).x - centre(p.line.box).x)[0].v;
}

export function extractInvoice(lines: TextLine[], photoId: string, knownSellerCodes: readonly string[] = [], barcodes: readonly BarcodeRead[] = []): InvoiceFields | null {
  const all = lines.map((l) => l.text).join('\n');
  const qr = fapiaoQrOf(barcodes);
  // A decoded fapiao QR is an invoice even where OCR read none of its words.
  if (!qr && !isInvoiceText(all)) return null;
  // Buyer and seller blocks: on a newer e-invoice they stand side by side with the same labels
  // (名称, 纳税人识别号), so each value is given to the side whose heading is nearer.
  const sellerMarks = lines.filter((l) => SELLER_MARK.test(l.text) || SELLER_VERTICAL.test(l.text.trim()));
  const buyerMarks = lines.filter((l) => (BUYER_MARK.test(l.text) || BUYER_VERTICAL.test(l.text.trim())) && !SELLER_MARK.test(l.text));
  const sellerSide = (b: Box) => !buyerMarks.length || nearest(b, sellerMarks) <= nearest(b, buyerMarks);
  const isName = (v: string) => /[\u4e00-\u9fff]{4,}|[A-Za-z]{3,}/.test(v) && !BUYER_MARK.test(v);
  const seller = sellerNameRow(lines, sellerMarks, buyerMarks, isName);

  // The seller's code: every 18-character code read, the buyer's side left out, nearest the
  // seller's name (or heading) first.
  const codes: { code: string; box: Box; labelled: boolean }[] = [];
  for (const l of lines) {
    if ((BUYER_MARK.test(l.text) || BUYER_VERTICAL.test(l.text.trim())) && !SELLER_MARK.test(l.text)) continue;
    if (INVOICE_NO_LABEL.test(l.text) || INVOICE_CODE_LABEL.test(l.text) || NEXT_LABEL.test(l.text)) continue;
    const labelled = /信\s*用\s*代\s*码|识\s*别\s*号|税\s*号|TAX\s*ID/i.test(l.text);
    for (const c of creditCodesIn(l.text.replace(/^.*?(信\s*用\s*代\s*码|识\s*别\s*号|税\s*号)/, ''))) codes.push({ code: c, box: l.box, labelled });
    if (labelled) {
      for (const cell of [...rightOf(lines, l.box), ...[below(lines, l.box)].filter((x): x is TextLine => !!x)]) {
        for (const c of creditCodesIn(cell.text)) codes.push({ code: c, box: cell.box, labelled: true });
      }
    }
  }
  const anchor = seller?.box ?? sellerMarks[0]?.box ?? null;
  const ranked = codes
    .filter((c) => /^[0-9A-HJ-NPQRTUWXY]/.test(c.code) && /\d/.test(c.code) && sellerSide(c.box))
    // With no heading read, the code after the seller's name is its own (the buyer's comes before).
    .filter((c) => !anchor || buyerMarks.length || sellerMarks.length || after(c.box, anchor) < 10_000)
    .sort((a, b) => Number(b.labelled) - Number(a.labelled) || (anchor ? after(a.box, anchor) - after(b.box, anchor) : 0));
  const taxRead: string | null = ranked[0]?.code ?? null;
  const credit = taxRead ? readCreditCode(taxRead, knownSellerCodes) : null;
  const ocrNo = digitsAfter(valueAfter(lines, INVOICE_NO_LABEL, (v) => /\d{6,}/.test(v.replace(/\s/g, ''))), /^(\d{8}|\d{20})$/);
  const ocrCode = digitsAfter(valueAfter(lines, INVOICE_CODE_LABEL, (v) => /\d{6,}/.test(v.replace(/\s/g, ''))), /^(\d{10}|\d{12})$/);
  const date = valueAfter(lines, /开\s*票\s*日\s*期|INVOICE\s*DATE|DATE[:：]/i, (v) => normalizeDate(v) !== null);
  const total = valueAfter(lines, /价\s*税\s*合\s*计|合计金额|TOTAL(?:\s*AMOUNT)?[:：]?/i, (v) => amountIn(v) !== null);
  const item = valueAfter(lines, /项目名称|货物或应税劳务[、,]?服务名称|商品名称|DESCRIPTION[:：]?|ITEM[:：]?/i);

  const ocr: Record<InvoiceQrField, string | null> = {
    invoiceCode: ocrCode,
    invoiceNo: ocrNo,
    date: date ? normalizeDate(date.value) : null,
    totalFen: total ? String(amountIn(total.value)) : null,
  };
  const fromQr: Partial<Record<InvoiceQrField, string | null>> = qr
    ? { invoiceCode: qr.invoiceCode, invoiceNo: qr.invoiceNo, date: qr.date, ...(qr.amountKind === 'total' ? { totalFen: String(qr.amountFen) } : {}) }
    : {};
  const sources: Partial<Record<InvoiceQrField, 'qr' | 'ocr'>> = {};
  const disagreements: { field: InvoiceQrField; qr: string; ocr: string }[] = [];
  const pick = (field: InvoiceQrField): string | null => {
    if (field in fromQr) {
      const q = fromQr[field] ?? null;
      const o = ocr[field];
      if (q !== null && o !== null && o !== q) disagreements.push({ field, qr: q, ocr: o });
      // A 数电票 has no code: whatever OCR took for one is not kept.
      sources[field] = 'qr';
      return q;
    }
    if (ocr[field] !== null) sources[field] = 'ocr';
    return ocr[field];
  };
  const invoiceCode = pick('invoiceCode');
  const invoiceNo = pick('invoiceNo');
  const isoDate = pick('date');
  const totalFen = pick('totalFen');
  return {
    sellerName: seller ? sellerNameOf(seller.value) : null,
    sellerTaxId: credit ? credit.code : null,
    sellerTaxIdRead: credit ? credit.read : null,
    sellerTaxIdValid: credit?.valid ?? false,
    invoiceNo,
    date: isoDate,
    totalFen: totalFen === null ? null : Number(totalFen),
    item: item ? item.value : null,
    photoId,
    box: seller?.box ?? null,
    invoiceCode,
    qr,
    sources,
    disagreements,
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
