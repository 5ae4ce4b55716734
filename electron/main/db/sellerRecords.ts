// Sellers remembered from counterfeit decisions, the allow/deny list, brands' clone marks and the
// admin's counterfeit lists, on SQLite. Called inside SqliteStorage's write transactions; every
// change carries its audit event.
import type { HoldDisposition, LookalikeMark, ReasonCode } from '../../../shared/types';
import { AppError } from '../../../shared/result';
import { normalizeCreditCode } from '../../../shared/reading/creditCode';
import type { SellerFlag, SellerFlagRow, SellerListEntry } from '../../../shared/rules/sellerLists';
import type { SellerListInput } from '../../../shared/imports/sellerListCsv';
import { appendAudit } from './audit';
import type { Db } from './database';

export type { SellerFlagRow };

/** Reasons that make a RETURN or DESTROY a counterfeit decision, unless the supervisor says otherwise. */
export const COUNTERFEIT_REASONS: readonly ReasonCode[] = ['BRAND_LOOKALIKE', 'BRAND_UNDECLARED', 'REPLICA_WORDING', 'SELLER_FLAGGED', 'SELLER_DENYLISTED'];

/**
 * A RETURN or DESTROY is "as counterfeit" when the supervisor says so, or (not saying) when the hold
 * had a counterfeit reason, or it is a DESTROY of goods not held as a prohibited category.
 */
export function isCounterfeitDecision(disposition: HoldDisposition, reasons: readonly string[], explicit: boolean | undefined): boolean {
  if (disposition !== 'RETURN' && disposition !== 'DESTROY') return false;
  if (explicit !== undefined) return explicit;
  if (reasons.some((r) => (COUNTERFEIT_REASONS as readonly string[]).includes(r))) return true;
  return disposition === 'DESTROY' && !reasons.includes('PROHIBITED_CATEGORY');
}

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
  id: r.id,
  storeId: r.store_id,
  creditCode: r.credit_code,
  holdId: r.hold_id,
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
export function rememberCounterfeitSeller(
  db: Db,
  d: { holdId: number; disposition: HoldDisposition; reason: string; userName: string; counterfeit?: boolean },
  at: string,
): SellerFlagRow | null {
  const h = db
    .prepare(
      `SELECT h.reasons, p.tracking_no, o.store_id, o.seller_tax_id FROM holds h JOIN parcels p ON p.id = h.parcel_id
       JOIN inspections i ON i.id = h.inspection_id LEFT JOIN orders o ON o.order_no = i.order_no WHERE h.id = ?`,
    )
    .get(d.holdId) as { reasons: string; tracking_no: string; store_id: string | null; seller_tax_id: string | null } | undefined;
  if (!h || !isCounterfeitDecision(d.disposition, h.reasons.split(','), d.counterfeit)) return null;
  if (!h.store_id && !h.seller_tax_id) return null;
  const code = h.seller_tax_id ? normalizeCreditCode(h.seller_tax_id) : null;
  const id = Number(
    db
      .prepare(
        `INSERT INTO seller_flags (store_id, credit_code, hold_id, tracking_no, disposition, reason, decided_by, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(h.store_id, code, d.holdId, h.tracking_no, d.disposition, d.reason, d.userName, at).lastInsertRowid,
  );
  appendAudit(db, { actor: d.userName, action: 'seller.flag', entityType: 'seller', entityId: h.store_id ?? code ?? '', details: { flagId: id, holdId: d.holdId, trackingNo: h.tracking_no, disposition: d.disposition, creditCode: code } }, at);
  return flagById(db, id);
}

export function flagById(db: Db, id: number): SellerFlagRow {
  const r = db.prepare('SELECT * FROM seller_flags WHERE id = ?').get(id) as FlagRaw | undefined;
  if (!r) throw new AppError('NOT_FOUND', `No seller flag ${id}`, undefined, { key: 'sellerFlagNotFound', params: { id } });
  return toFlag(r);
}

/** Uncleared flags naming this store or credit code. */
export function flagsForSeller(db: Db, storeId: string | null, creditCode: string | null): SellerFlag[] {
  const code = creditCode ? normalizeCreditCode(creditCode) : null;
  return (
    db
      .prepare('SELECT * FROM seller_flags WHERE cleared_at IS NULL AND ((store_id IS NOT NULL AND lower(store_id) = lower(?)) OR (credit_code IS NOT NULL AND credit_code = ?)) ORDER BY id')
      .all(storeId ?? '', code ?? '') as FlagRaw[]
  ).map(toFlag);
}

export function listFlags(db: Db, includeCleared: boolean): SellerFlagRow[] {
  return (db.prepare(`SELECT * FROM seller_flags ${includeCleared ? '' : 'WHERE cleared_at IS NULL'} ORDER BY id DESC`).all() as FlagRaw[]).map(toFlag);
}

export function clearFlag(db: Db, id: number, reason: string, actor: string, at: string): SellerFlagRow {
  const f = flagById(db, id);
  if (f.clearedAt) throw new AppError('CONFLICT', `Seller flag ${id} was already cleared by ${f.clearedBy}`, undefined, { key: 'sellerFlagCleared', params: { id, by: f.clearedBy ?? '' } });
  db.prepare('UPDATE seller_flags SET cleared_at = ?, cleared_by = ?, clear_reason = ? WHERE id = ?').run(at, actor, reason, id);
  appendAudit(db, { actor, action: 'seller.flag_clear', entityType: 'seller', entityId: f.storeId ?? f.creditCode ?? '', details: { flagId: id, reason } }, at);
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
  id: r.id,
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
export function listEntries(db: Db): SellerListEntry[] {
  return (db.prepare('SELECT * FROM seller_list_entries WHERE removed_at IS NULL ORDER BY list, expires_on, id').all() as EntryRaw[]).map(toEntry);
}

export function entriesForSeller(db: Db, storeId: string | null, creditCode: string | null): SellerListEntry[] {
  const code = creditCode ? normalizeCreditCode(creditCode) : null;
  return (
    db
      .prepare('SELECT * FROM seller_list_entries WHERE removed_at IS NULL AND ((store_id IS NOT NULL AND lower(store_id) = lower(?)) OR (credit_code IS NOT NULL AND credit_code = ?)) ORDER BY id')
      .all(storeId ?? '', code ?? '') as EntryRaw[]
  ).map(toEntry);
}

function findSame(db: Db, e: SellerListInput): EntryRaw | undefined {
  return db
    .prepare(
      `SELECT * FROM seller_list_entries WHERE removed_at IS NULL AND list = ? AND store_id IS ? AND credit_code IS ? AND brand_id IS ? AND channel IS ?`,
    )
    .get(e.list, e.storeId, e.creditCode, e.brandId, e.channel) as EntryRaw | undefined;
}

function insertEntry(db: Db, e: SellerListInput, actor: string, at: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO seller_list_entries (list, store_id, credit_code, brand_id, channel, reason, added_by, added_at, expires_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.list, e.storeId, e.creditCode, e.brandId, e.channel, e.reason, actor, at, e.expiresOn).lastInsertRowid,
  );
}

/** Adds an entry, or renews the same one (same list, seller, brand and channel) with the new reason and date. */
export function addEntry(db: Db, e: SellerListInput, actor: string, at: string): SellerListEntry {
  const same = findSame(db, e);
  let id: number;
  if (same) {
    db.prepare('UPDATE seller_list_entries SET reason = ?, expires_on = ?, added_by = ?, added_at = ? WHERE id = ?').run(e.reason, e.expiresOn, actor, at, same.id);
    id = same.id;
  } else id = insertEntry(db, e, actor, at);
  appendAudit(db, { actor, action: same ? 'sellerlist.renew' : 'sellerlist.add', entityType: 'seller', entityId: e.storeId ?? e.creditCode ?? '', details: { id, ...e } }, at);
  return toEntry(db.prepare('SELECT * FROM seller_list_entries WHERE id = ?').get(id) as EntryRaw);
}

export function removeEntry(db: Db, id: number, reason: string, actor: string, at: string): void {
  const r = db.prepare('SELECT * FROM seller_list_entries WHERE id = ? AND removed_at IS NULL').get(id) as EntryRaw | undefined;
  if (!r) throw new AppError('NOT_FOUND', `No list entry ${id}`, undefined, { key: 'sellerEntryNotFound', params: { id } });
  db.prepare('UPDATE seller_list_entries SET removed_at = ?, removed_by = ? WHERE id = ?').run(at, actor, id);
  appendAudit(db, { actor, action: 'sellerlist.remove', entityType: 'seller', entityId: r.store_id ?? r.credit_code ?? '', details: { id, reason } }, at);
}

export function importEntries(db: Db, entries: SellerListInput[], actor: string, file: string, at: string) {
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const e of entries) {
    const same = findSame(db, e);
    if (same && same.reason === e.reason && same.expires_on === e.expiresOn) counts.unchanged++;
    else if (same) {
      db.prepare('UPDATE seller_list_entries SET reason = ?, expires_on = ?, added_by = ?, added_at = ? WHERE id = ?').run(e.reason, e.expiresOn, actor, at, same.id);
      counts.updated++;
    } else {
      insertEntry(db, e, actor, at);
      counts.inserted++;
    }
  }
  appendAudit(db, { actor, action: 'sellerlist.import', entityType: 'file', entityId: file, details: counts }, at);
  return counts;
}

// ---- brands' clone marks, the admin's counterfeit lists ---------------------------------

export function saveBrandLookalikes(db: Db, brandId: string, marks: readonly LookalikeMark[]): void {
  db.prepare('DELETE FROM brand_lookalikes WHERE brand_id = ?').run(brandId);
  const ins = db.prepare('INSERT OR IGNORE INTO brand_lookalikes (brand_id, mark, source) VALUES (?, ?, ?)');
  for (const m of marks) ins.run(brandId, m.mark, m.source);
}

export function brandLookalikes(db: Db): Map<string, LookalikeMark[]> {
  const out = new Map<string, LookalikeMark[]>();
  for (const r of db.prepare('SELECT brand_id, mark, source FROM brand_lookalikes ORDER BY rowid').all() as { brand_id: string; mark: string; source: string | null }[]) {
    out.set(r.brand_id, [...(out.get(r.brand_id) ?? []), { mark: r.mark, source: r.source }]);
  }
  return out;
}

export type CounterfeitListName = 'lookalikes' | 'phrases';

export function getCounterfeitList(db: Db, name: CounterfeitListName): { body: string; updatedAt: string; updatedBy: string } | null {
  const r = db.prepare('SELECT body, updated_at, updated_by FROM counterfeit_lists WHERE name = ?').get(name) as { body: string; updated_at: string; updated_by: string } | undefined;
  return r ? { body: r.body, updatedAt: r.updated_at, updatedBy: r.updated_by } : null;
}

export function setCounterfeitList(db: Db, name: CounterfeitListName, body: string, actor: string, file: string, counts: Record<string, number>, at: string): void {
  db.prepare(
    `INSERT INTO counterfeit_lists (name, body, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(name, body, at, actor);
  appendAudit(db, { actor, action: `counterfeit.${name}.import`, entityType: 'file', entityId: file, details: counts }, at);
}
