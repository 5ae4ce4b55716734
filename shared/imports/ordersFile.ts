// Parser for the customer's orders.csv: every row checked, errors name the line and the column.
import { parse } from 'csv-parse/sync';
import { isOrderChannel, ORDER_CHANNELS, type OrderChannel } from '../channels';
import { isIsoDate } from '../dates';
import type { Order } from '../types';
import { decodeUtf8, describeValue, type ParseOutcome } from './importErrors';
import { isValidCreditCode, normalizeCreditCode } from '../reading/creditCode';
import { forbiddenCharIn } from './fieldRules';

export const ORDER_COLUMNS = [
  'order_no',
  'tracking_no',
  'customer',
  'item',
  'declared_brand',
  'category',
  'channel',
  'store_id',
  'store_name',
  'seller_tax_id',
  'purchase_date',
  'amount_cny',
] as const;
const MAX_RECORD_CHARS = 16_384;
/** Columns a file may carry or leave out. `delivery_date`: when the customer received the goods (starts the seller's return window). */
export const ORDER_OPTIONAL_COLUMNS = ['delivery_date'] as const;
type Column = (typeof ORDER_COLUMNS)[number] | (typeof ORDER_OPTIONAL_COLUMNS)[number];

/** The longest text each column may hold (an item of 50 MB is refused, not stored). */
const MAX_LENGTH: Record<Column, number> = {
  order_no: 60,
  tracking_no: 40,
  customer: 200,
  item: 500,
  declared_brand: 120,
  category: 60,
  channel: 40,
  store_id: 120,
  store_name: 200,
  seller_tax_id: 40,
  purchase_date: 10,
  amount_cny: 20,
  delivery_date: 10,
};

const TRACKING_RE = /^[A-Za-z0-9-]{4,40}$/;
const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

export function parseAmountFen(s: string): number | null {
  const t = s.replace(/^[¥￥]/, '').replace(/,/g, '').trim();
  if (!AMOUNT_RE.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** The options both readers give csv-parse: the same rows, the same limits, the same line numbers. */
export const ORDERS_CSV_OPTIONS = {
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
  trim: true,
  // A row is a few hundred characters: a field of megabytes is refused while reading, not after.
  max_record_size: MAX_RECORD_CHARS,
} as const;

/** A CSV-level failure (not a row's), as one error naming the file and, where known, the line. */
export function ordersCsvError(fileName: string, e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const err = e as { code?: string; lines?: number };
  if (err.code === 'CSV_MAX_RECORD_SIZE') return `${fileName} line ${err.lines ?? '?'}: a row longer than ${MAX_RECORD_CHARS} characters (a field is far too long)`;
  return `${fileName}: not readable as CSV (${msg})`;
}

/**
 * Checks an orders file row by row as it is read: first the header, then each row into an order or
 * its errors. Shared by the whole-file parser and the streaming reader of large imports, so both name
 * the same line and column for the same mistake. It remembers each order and tracking number's line
 * (a repeat names the line it repeats), nothing else.
 */
export class OrderRowChecker {
  private index: Record<Column, number> | null = null;
  private width = 0;
  private readonly orderNos = new Map<string, number>();
  private readonly trackingNos = new Map<string, number>();

  constructor(private readonly fileName: string) {}

  /** The header row: null when usable, else the one error that refuses the file. */
  header(record: string[]): string | null {
    const fileName = this.fileName;
    const header = record.map((h) => h.trim().toLowerCase());
    const twice = header.filter((h, i) => h && header.indexOf(h) !== i);
    if (twice.length) {
      return `${fileName} line 1 (header): column${twice.length > 1 ? 's' : ''} ${[...new Set(twice)].join(', ')} appear${twice.length > 1 ? '' : 's'} more than once`;
    }
    const missing = ORDER_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length) return `${fileName} line 1 (header): missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    this.index = Object.fromEntries([...ORDER_COLUMNS, ...ORDER_OPTIONAL_COLUMNS].map((c) => [c, header.indexOf(c)])) as Record<Column, number>;
    this.width = header.length;
    return null;
  }

  /** One row after the header: the order, or the errors pushed onto `errors` (then null). */
  row(record: string[], line: number, errors: string[]): Order | null {
    const { fileName } = this;
    const index = this.index;
    if (!index) throw new Error('OrderRowChecker: header() first');
    const { orderNos, trackingNos } = this;
    const get = (c: Column) => (record[index[c]] ?? '').trim();
    const fail = (c: Column, why: string) =>
      errors.push(`${fileName} line ${line}, column "${c}": ${why} (found ${describeValue(record[index[c]])})`);
    if (record.length !== this.width) {
      errors.push(`${fileName} line ${line}: ${record.length} fields, the header has ${this.width}`);
      return null;
    }
    const before = errors.length;
    for (const c of [...ORDER_COLUMNS, ...ORDER_OPTIONAL_COLUMNS]) {
      const v = record[index[c]] ?? '';
      if (v.length > MAX_LENGTH[c]) errors.push(`${fileName} line ${line}, column "${c}": longer than ${MAX_LENGTH[c]} characters (found ${v.length} characters)`);
      const bad = forbiddenCharIn(v);
      if (bad) fail(c, `contains a control character (${bad})`);
    }
    if (errors.length > before) return null;
    const orderNo = get('order_no');
    const trackingNo = get('tracking_no').toUpperCase();
    const channel = get('channel').toUpperCase();
    const purchaseDate = get('purchase_date');
    const amountFen = parseAmountFen(get('amount_cny'));
    const taxId = normalizeCreditCode(get('seller_tax_id'));
    const deliveryDate = index.delivery_date >= 0 ? get('delivery_date') : '';

    if (!orderNo) fail('order_no', 'missing order number');
    else if (orderNos.has(orderNo)) fail('order_no', `repeats line ${orderNos.get(orderNo)}`);
    if (!trackingNo) fail('tracking_no', 'missing tracking number');
    else if (!TRACKING_RE.test(trackingNo)) fail('tracking_no', 'a tracking number is 4 to 40 letters, digits or dashes');
    else if (trackingNos.has(trackingNo)) fail('tracking_no', `repeats line ${trackingNos.get(trackingNo)}`);
    if (!get('item')) fail('item', 'missing item description');
    if (!get('category')) fail('category', 'missing category');
    if (!isOrderChannel(channel)) fail('channel', `unknown channel; expected one of ${ORDER_CHANNELS.join(', ')}`);
    if (!get('store_id')) fail('store_id', 'missing store id');
    if (!isIsoDate(purchaseDate)) fail('purchase_date', 'not a date YYYY-MM-DD');
    if (amountFen === null) fail('amount_cny', 'not an amount in yuan such as 129.00');
    if (taxId && !/^[0-9A-Z]{18}$/.test(taxId)) fail('seller_tax_id', 'a unified social credit code is 18 letters and digits');
    else if (taxId && !isValidCreditCode(taxId)) fail('seller_tax_id', 'the check character (the last one) is wrong: a typo in the credit code');
    if (deliveryDate && !isIsoDate(deliveryDate)) fail('delivery_date', 'not a date YYYY-MM-DD (leave it empty when unknown)');
    else if (deliveryDate && isIsoDate(purchaseDate) && deliveryDate < purchaseDate) fail('delivery_date', `before the purchase date ${purchaseDate}`);

    if (orderNo && !orderNos.has(orderNo)) orderNos.set(orderNo, line);
    if (trackingNo && !trackingNos.has(trackingNo)) trackingNos.set(trackingNo, line);
    if (errors.length > before) return null;
    return {
      orderNo,
      trackingNo,
      customer: get('customer'),
      item: get('item'),
      declaredBrand: get('declared_brand') || null,
      category: get('category').toLowerCase(),
      channel: channel as OrderChannel,
      storeId: get('store_id'),
      storeName: get('store_name'),
      sellerTaxId: taxId || null,
      purchaseDate,
      amountFen: amountFen ?? 0,
      deliveryDate: deliveryDate || null,
    };
  }
}

export function parseOrdersFile(fileName: string, bytes: Uint8Array): ParseOutcome<Order> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, ORDERS_CSV_OPTIONS) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    return { ok: false, errors: [ordersCsvError(fileName, e)] };
  }
  if (records.length === 0) return { ok: false, errors: [`${fileName}: empty file, expected a header row`] };
  const checker = new OrderRowChecker(fileName);
  const refused = checker.header(records[0].record);
  if (refused) return { ok: false, errors: [refused] };
  const errors: string[] = [];
  const orders: Order[] = [];
  for (const { record, info } of records.slice(1)) {
    const order = checker.row(record, info.lines, errors);
    if (order) orders.push(order);
  }
  return errors.length ? { ok: false, errors } : { ok: true, items: orders };
}
