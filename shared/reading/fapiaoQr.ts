// The QR code printed on a Chinese VAT invoice (发票), parsed into its fields. Pure.
//
// Two grammars share one comma-separated layout, `01,<type>,<code>,<number>,<amount>,<yyyymmdd>,
// <check code>,<hash>[,]`:
// - VAT invoices of the older kind (专票, 普票, 电子普通发票, 卷票 …): the invoice code (10 or 12
//   digits), the 8-digit invoice number, the amount before tax (for an electronic 普票 this is the
//   amount the tax office verifies), the check code (20 digits on 普票; empty on 专票), a hash.
// - 数电票 (fully digitalised e-invoice, types 31, 32, 51 …): the code field is empty, the number has
//   20 digits, the check code is empty, and the amount is the total including tax (价税合计).
// The QR is printed by the issuing system, so where it decodes its values outrank what OCR reads.

export type FapiaoQrGrammar = 'vat' | 'digital';

export interface FapiaoQr {
  grammar: FapiaoQrGrammar;
  /** Invoice type code, e.g. 04 普票, 10 电子普通发票, 01 专票, 31/32 数电票. */
  type: string;
  /** 发票代码; null on a 数电票. */
  invoiceCode: string | null;
  /** 发票号码: 8 digits, or 20 on a 数电票. */
  invoiceNo: string;
  amountFen: number;
  /** Whether `amountFen` is the total including tax (数电票) or the amount before tax (older kinds). */
  amountKind: 'total' | 'pretax';
  /** ISO date, YYYY-MM-DD. */
  date: string;
  checkCode: string | null;
}

export type FapiaoQrParse = { ok: true; value: FapiaoQr } | { ok: false; reason: string };

/** Type codes of the fully digitalised (数电) invoices. */
const DIGITAL_TYPES = new Set(['31', '32', '51', '61', '81', '82', '83', '84', '85', '86', '87', '88']);

function isoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1990 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function amountFen(s: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** Whether a decoded QR text is meant to be a fapiao payload at all (so a miss can be explained). */
export function looksLikeFapiaoQr(text: string): boolean {
  return /^\s*01,\d{2},/.test(text);
}

export function parseFapiaoQr(text: string): FapiaoQrParse {
  const raw = text.trim();
  const parts = raw.split(',').map((p) => p.trim());
  // A trailing comma is common: drop one empty last field.
  if (parts.length > 8 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length < 6) return { ok: false, reason: `has ${parts.length} fields, a fapiao QR has at least 6` };
  if (parts.length > 8) return { ok: false, reason: `has ${parts.length} fields, a fapiao QR has at most 8` };
  const [version, type, code, number, amount, date, check = ''] = parts;
  if (version !== '01') return { ok: false, reason: `version "${version}" is not 01` };
  if (!/^\d{2}$/.test(type)) return { ok: false, reason: `invoice type "${type}" is not two digits` };
  const fen = amountFen(amount);
  if (fen === null) return { ok: false, reason: `amount "${amount}" is not a number of yuan` };
  const iso = isoDate(date);
  if (!iso) return { ok: false, reason: `date "${date}" is not a calendar date YYYYMMDD` };

  if (code === '') {
    if (!/^\d{20}$/.test(number)) return { ok: false, reason: `a 数电票 (empty invoice code) needs a 20-digit number, not "${number}"` };
    if (!DIGITAL_TYPES.has(type)) return { ok: false, reason: `type ${type} is not a 数电票 type, yet the invoice code is empty` };
    return { ok: true, value: { grammar: 'digital', type, invoiceCode: null, invoiceNo: number, amountFen: fen, amountKind: 'total', date: iso, checkCode: check || null } };
  }
  if (!/^(\d{10}|\d{12})$/.test(code)) return { ok: false, reason: `invoice code "${code}" is not 10 or 12 digits` };
  if (!/^\d{8}$/.test(number)) return { ok: false, reason: `invoice number "${number}" is not 8 digits` };
  if (check !== '' && !/^\d{5,20}$/.test(check)) return { ok: false, reason: `check code "${check}" is not digits` };
  return { ok: true, value: { grammar: 'vat', type, invoiceCode: code, invoiceNo: number, amountFen: fen, amountKind: 'pretax', date: iso, checkCode: check || null } };
}

/** The payload a fapiao's issuing system would print (tests and fixtures render it into a QR). */
export function formatFapiaoQr(q: Omit<FapiaoQr, 'amountKind' | 'grammar'> & { hash?: string }): string {
  const yuan = `${Math.floor(q.amountFen / 100)}.${String(q.amountFen % 100).padStart(2, '0')}`;
  return ['01', q.type, q.invoiceCode ?? '', q.invoiceNo, yuan, q.date.replace(/-/g, ''), q.checkCode ?? '', q.hash ?? ''].join(',');
}
