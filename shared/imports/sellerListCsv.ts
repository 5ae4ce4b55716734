// The allow/deny list as CSV: import (every row checked, errors name the line and the column) and export.
//
// list,store_id,credit_code,brand,channel,reason,expires_on[,added_by,added_at,id]
// - list: allow | deny
// - store_id and/or credit_code: the seller (one at least)
// - brand: registry brand (id, name or alias) and channel: required for allow, optional for deny
// - reason: why; expires_on: YYYY-MM-DD, the last day the entry counts
// - added_by, added_at, id: written by export, ignored by import (the importing admin adds the entries)
import { parse } from 'csv-parse/sync';
import { isOrderChannel, ORDER_CHANNELS } from '../channels';
import { isIsoDate } from '../dates';
import { toCsv } from '../csv';
import type { Brand } from '../types';
import { resolveBrand } from '../rules/engine';
import { normalizeCreditCode } from '../reading/creditCode';
import type { SellerListEntry, SellerListKind } from '../rules/sellerLists';
import { decodeUtf8, describeValue, type ParseOutcome } from './importErrors';

export const SELLER_LIST_COLUMNS = ['list', 'store_id', 'credit_code', 'brand', 'channel', 'reason', 'expires_on'] as const;
const EXPORT_ONLY = ['added_by', 'added_at', 'id'];

export interface SellerListInput {
  list: SellerListKind;
  storeId: string | null;
  creditCode: string | null;
  brandId: string | null;
  channel: string | null;
  reason: string;
  expiresOn: string;
}

/** One entry checked (also used for entries added one by one); errors say which field is wrong. */
export function checkSellerEntry(raw: Record<string, string>, brands: readonly Brand[]): { entry: SellerListInput | null; errors: { column: string; message: string }[] } {
  const errors: { column: string; message: string }[] = [];
  const val = (k: string) => (raw[k] ?? '').trim();
  const list = val('list').toLowerCase();
  if (list !== 'allow' && list !== 'deny') errors.push({ column: 'list', message: `must be allow or deny (found ${describeValue(raw.list)})` });
  const storeId = val('store_id') || null;
  const creditCode = val('credit_code') ? normalizeCreditCode(val('credit_code')) : null;
  if (!storeId && !creditCode) errors.push({ column: 'store_id', message: 'a store id or a credit code is required' });
  if (creditCode && !/^[0-9A-Z]{18}$/.test(creditCode)) errors.push({ column: 'credit_code', message: `a unified social credit code is 18 letters and digits (found ${describeValue(raw.credit_code)})` });
  let brandId: string | null = null;
  if (val('brand')) {
    const b = resolveBrand(val('brand'), brands);
    if (!b) errors.push({ column: 'brand', message: `no brand "${val('brand')}" in the registry` });
    else brandId = b.id;
  } else if (list === 'allow') errors.push({ column: 'brand', message: 'an allow entry names the brand it covers' });
  const channel = val('channel') ? val('channel').toUpperCase() : null;
  if (channel && !isOrderChannel(channel)) errors.push({ column: 'channel', message: `must be one of ${ORDER_CHANNELS.join(', ')} (found ${describeValue(raw.channel)})` });
  else if (!channel && list === 'allow') errors.push({ column: 'channel', message: 'an allow entry names the channel it covers' });
  const reason = val('reason');
  if (reason.length < 3) errors.push({ column: 'reason', message: 'say why, in a few words' });
  const expiresOn = val('expires_on');
  if (!isIsoDate(expiresOn)) errors.push({ column: 'expires_on', message: `must be a date YYYY-MM-DD (found ${describeValue(raw.expires_on)})` });
  if (errors.length) return { entry: null, errors };
  return { entry: { list: list as SellerListKind, storeId, creditCode, brandId, channel, reason: reason.slice(0, 500), expiresOn }, errors };
}

export function parseSellerListCsv(fileName: string, bytes: Uint8Array, brands: readonly Brand[]): ParseOutcome<SellerListInput> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  let rows: string[][];
  try {
    rows = parse(decoded.text, { skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not valid CSV (${e instanceof Error ? e.message : String(e)})`] };
  }
  if (!rows.length) return { ok: false, errors: [`${fileName}: empty; the first row names the columns (${SELLER_LIST_COLUMNS.join(', ')})`] };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const errors: string[] = [];
  const unknown = header.filter((h) => !(SELLER_LIST_COLUMNS as readonly string[]).includes(h) && !EXPORT_ONLY.includes(h));
  if (unknown.length) errors.push(`${fileName} line 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`);
  const missing = SELLER_LIST_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) errors.push(`${fileName} line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (errors.length) return { ok: false, errors };
  const items: SellerListInput[] = [];
  rows.slice(1).forEach((r, i) => {
    const raw = Object.fromEntries(header.map((h, j) => [h, r[j] ?? '']));
    const checked = checkSellerEntry(raw, brands);
    for (const e of checked.errors) errors.push(`${fileName} line ${i + 2}, column "${e.column}": ${e.message}`);
    if (checked.entry) items.push(checked.entry);
  });
  return errors.length ? { ok: false, errors } : { ok: true, items };
}

export function sellerListToCsv(entries: readonly SellerListEntry[]): string {
  return toCsv(
    [...SELLER_LIST_COLUMNS, ...EXPORT_ONLY],
    entries.map((e) => [e.list, e.storeId, e.creditCode, e.brandId, e.channel, e.reason, e.expiresOn, e.addedBy, e.addedAt, e.id]),
  );
}
