// Sellers remembered from counterfeit decisions and the allow/deny list. Writes run inside the
// caller's write transaction; every change carries its audit event.
import type { HoldDisposition } from '../../../../shared/types';
import { AppError } from '../../../../shared/result';
import { normalizeCreditCode } from '../../../../shared/reading/creditCode';
import { isCounterfeitDecision } from '../../../../shared/holds/decisions';
import type { SellerFlag, SellerFlagRow, SellerListEntry } from '../../../../shared/rules/sellerLists';
import type { SellerListInput } from '../../../../shared/imports/sellerListCsv';
import { appendAudit } from '../audit';
import type { Sql } from '../sql';

export type { SellerFlagRow };

interface FlagRaw {
  id: number;
  store_id: string | null;
  credit_code: string | null;
  hold_id: number;
  tracking_no: string;
  disposition: 'RETURN' | 'DESTROY';
  reason: string;
  decided_by: string;
  decided_at: string;
  cleared_at: string | null;
  cleared_by: string | null;
  clear_reason: string | null;
}
const toFlag = (r: FlagRaw): SellerFlagRow => ({
  id: Number(r.id),
  storeId: r.store_id,
  creditCode: r.credit_code,
  holdId: Number(r.hold_id),
  trackingNo: r.tracking_no,
  disposition: r.disposition,
  reason: r.reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  clearedAt: r.cleared_at,
  clearedBy: r.cleared_by,
  clearReason: r.clear_reason,
});

/** At decision time, in the decision's transaction: remember the seller of a parcel returned or destroyed as counterfeit. */
export async function rememberCounterfeitSeller(
  db: Sql,
  d: { holdId: number; disposition: HoldDisposition; reason: string; userName: string; counterfeit?: boolean },
  at: string,
): Promise<SellerFlagRow | null> {
  const h = await db.get<{ reasons: string; tracking_no: string; store_id: string | null; seller_tax_id: string | null }>(
    `SELECT h.reasons, p.tracking_no, o.store_id, o.seller_tax_id FROM holds h JOIN parcels p ON p.id = h.parcel_id
     JOIN inspections i ON i.id = h.inspection_id LEFT JOIN orders o ON o.order_no = i.order_no WHERE h.id = ?`,
    [d.holdId],
  );
  if (!h || !isCounterfeitDecision(d.disposition, h.reasons.split(','), d.counterfeit)) return null;
  if (!h.store_id && !h.seller_tax_id) return null;
  const code = h.seller_tax_id ? normalizeCreditCode(h.seller_tax_id) : null;
  const r = await db.get<{ id: number }>(
    `INSERT INTO seller_flags (store_id, credit_code, hold_id, tracking_no, disposition, reason, decided_by, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [h.store_id, code, d.holdId, h.tracking_no, d.disposition, d.reason, d.userName, at],
  );
  const id = Number(r!.id);
  await appendAudit(db, { actor: d.userName, action: 'seller.flag', entityType: 'seller', entityId: h.store_id ?? code ?? '', details: { flagId: id, holdId: d.holdId, trackingNo: h.tracking_no, disposition: d.disposition, creditCode: code } }, at);
  return flagById(db, id);
}

export async function flagById(db: Sql, id: number): Promise<SellerFlagRow> {
  const r = await db.get<FlagRaw>('SELECT * FROM seller_flags WHERE id = ?', [id]);
  if (!r) throw new AppError('NOT_FOUND', `No seller flag ${id}`, undefined, { key: 'sellerFlagNotFound', params: { id } });
  return toFlag(r);
}

/** The seller named by store id (any case) or credit code; an absent key matches nothing. */
const SAME_SELLER = '((store_id IS NOT NULL AND lower(store_id) = lower(CAST(? AS TEXT))) OR (credit_code IS NOT NULL AND credit_code = ?))';

/** Uncleared flags naming this store or credit code. */
export async function flagsForSeller(db: Sql, storeId: string | null, creditCode: string | null): Promise<SellerFlag[]> {
  const code = creditCode ? normalizeCreditCode(creditCode) : null;
  return (await db.all<FlagRaw>(`SELECT * FROM seller_flags WHERE cleared_at IS NULL AND ${SAME_SELLER} ORDER BY id`, [storeId ?? '', code ?? ''])).map(toFlag);
}

export async function listFlags(db: Sql, includeCleared: boolean): Promise<SellerFlagRow[]> {
  const sql = includeCleared ? 'SELECT * FROM seller_flags ORDER BY id DESC' : 'SELECT * FROM seller_flags WHERE cleared_at IS NULL ORDER BY id DESC';
  return (await db.all<FlagRaw>(sql)).map(toFlag);
}

export async function clearFlag(db: Sql, id: number, reason: string, actor: string, at: string): Promise<SellerFlagRow> {
  const f = await flagById(db, id);
  if (f.clearedAt) throw new AppError('CONFLICT', `Seller flag ${id} was already cleared by ${f.clearedBy}`, undefined, { key: 'sellerFlagCleared', params: { id, by: f.clearedBy ?? '' } });
  await db.run('UPDATE seller_flags SET cleared_at = ?, cleared_by = ?, clear_reason = ? WHERE id = ?', [at, actor, reason, id]);
  await appendAudit(db, { actor, action: 'seller.flag_clear', entityType: 'seller', entityId: f.storeId ?? f.creditCode ?? '', details: { flagId: id, reason } }, at);
  return flagById(db, id);
}

// ---- allow / deny list --------------------------------------------------------------------

interface EntryRaw {
  id: number;
  list: 'allow' | 'deny';
  store_id: string | null;
  credit_code: string | null;
  brand_id: string | null;
  channel: string | null;
  reason: string;
  added_by: string;
  added_at: string;
  expires_on: string;
}
const toEntry = (r: EntryRaw): SellerListEntry => ({
  id: Number(r.id),
  list: r.list,
  storeId: r.store_id,
  creditCode: r.credit_code,
  brandId: r.brand_id,
  channel: r.channel,
  reason: r.reason,
  addedBy: r.added_by,
  addedAt: r.added_at,
  expiresOn: r.expires_on,
});

/** Entries not removed (expired ones included: expiry is the rules' business, and the screen shows them). */
export async function listEntries(db: Sql): Promise<SellerListEntry[]> {
  return (await db.all<EntryRaw>('SELECT * FROM seller_list_entries WHERE removed_at IS NULL ORDER BY list, expires_on, id')).map(toEntry);
}

export async function entriesForSeller(db: Sql, storeId: string | null, creditCode: string | null): Promise<SellerListEntry[]> {
  const code = creditCode ? normalizeCreditCode(creditCode) : null;
  return (await db.all<EntryRaw>(`SELECT * FROM seller_list_entries WHERE removed_at IS NULL AND ${SAME_SELLER} ORDER BY id`, [storeId ?? '', code ?? ''])).map(toEntry);
}

/** The entry not removed with the same list, seller, brand and channel (absent keys equal absent keys). */
async function findSame(db: Sql, e: SellerListInput): Promise<EntryRaw | undefined> {
  return db.get<EntryRaw>(
    `SELECT * FROM seller_list_entries WHERE removed_at IS NULL AND list = ? AND store_id IS NOT DISTINCT FROM CAST(? AS TEXT)
       AND credit_code IS NOT DISTINCT FROM CAST(? AS TEXT) AND brand_id IS NOT DISTINCT FROM CAST(? AS TEXT) AND channel IS NOT DISTINCT FROM CAST(? AS TEXT)`,
    [e.list, e.storeId, e.creditCode, e.brandId, e.channel],
  );
}

async function insertEntry(db: Sql, e: SellerListInput, actor: string, at: string): Promise<number> {
  const r = await db.get<{ id: number }>(
    `INSERT INTO seller_list_entries (list, store_id, credit_code, brand_id, channel, reason, added_by, added_at, expires_on)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [e.list, e.storeId, e.creditCode, e.brandId, e.channel, e.reason, actor, at, e.expiresOn],
  );
  return Number(r!.id);
}

const RENEW = 'UPDATE seller_list_entries SET reason = ?, expires_on = ?, added_by = ?, added_at = ? WHERE id = ?';

/** Adds an entry, or renews the same one (same list, seller, brand and channel) with the new reason and date. */
export async function addEntry(db: Sql, e: SellerListInput, actor: string, at: string): Promise<SellerListEntry> {
  const same = await findSame(db, e);
  let id: number;
  if (same) {
    id = Number(same.id);
    await db.run(RENEW, [e.reason, e.expiresOn, actor, at, id]);
  } else id = await insertEntry(db, e, actor, at);
  await appendAudit(db, { actor, action: same ? 'sellerlist.renew' : 'sellerlist.add', entityType: 'seller', entityId: e.storeId ?? e.creditCode ?? '', details: { id, ...e } }, at);
  return toEntry((await db.get<EntryRaw>('SELECT * FROM seller_list_entries WHERE id = ?', [id]))!);
}

export async function removeEntry(db: Sql, id: number, reason: string, actor: string, at: string): Promise<void> {
  const r = await db.get<EntryRaw>('SELECT * FROM seller_list_entries WHERE id = ? AND removed_at IS NULL', [id]);
  if (!r) throw new AppError('NOT_FOUND', `No list entry ${id}`, undefined, { key: 'sellerEntryNotFound', params: { id } });
  await db.run('UPDATE seller_list_entries SET removed_at = ?, removed_by = ? WHERE id = ?', [at, actor, id]);
  await appendAudit(db, { actor, action: 'sellerlist.remove', entityType: 'seller', entityId: r.store_id ?? r.credit_code ?? '', details: { id, reason } }, at);
}

export async function importEntries(db: Sql, entries: SellerListInput[], actor: string, file: string, at: string) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const e of entries) {
    const same = await findSame(db, e);
    if (same && same.reason === e.reason && same.expires_on === e.expiresOn) counts.unchanged++;
    else if (same) {
      await db.run(RENEW, [e.reason, e.expiresOn, actor, at, Number(same.id)]);
      counts.updated++;
    } else {
      await insertEntry(db, e, actor, at);
      counts.inserted++;
    }
  }
  await appendAudit(db, { actor, action: 'sellerlist.import', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}
