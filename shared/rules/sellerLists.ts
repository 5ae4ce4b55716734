// Seller history and the admin's allow/deny lists, as facts the rules engine is given.
// Pure: the caller passes today's date; an entry counts up to and including its expiry day.
import type { Order } from '../types';
import { normalizeCreditCode } from '../reading/creditCode';

export type SellerListKind = 'allow' | 'deny';

export interface SellerListEntry {
  id: number;
  list: SellerListKind;
  /** The store (order `store_id`) or the seller's credit code; at least one. */
  storeId: string | null;
  creditCode: string | null;
  /** Allow entries name the brand (registry id) and channel they cover; deny entries may leave them empty. */
  brandId: string | null;
  channel: string | null;
  reason: string;
  addedBy: string;
  addedAt: string;
  /** Last day the entry counts, YYYY-MM-DD. */
  expiresOn: string;
}

/** A seller remembered from a supervisor's counterfeit decision, until an admin clears it. */
export interface SellerFlag {
  id: number;
  storeId: string | null;
  creditCode: string | null;
  holdId: number;
  trackingNo: string;
  disposition: 'RETURN' | 'DESTROY';
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface SellerFlagRow extends SellerFlag {
  clearedAt: string | null;
  clearedBy: string | null;
  clearReason: string | null;
}

const sameStore = (a: string | null, b: string | null) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
const sameCode = (a: string | null, b: string | null) => !!a && !!b && normalizeCreditCode(a) === normalizeCreditCode(b);

/** The entry or flag names this order's seller (its store id or its credit code). */
export function namesSeller(e: { storeId: string | null; creditCode: string | null }, order: Pick<Order, 'storeId' | 'sellerTaxId'>): boolean {
  return sameStore(e.storeId, order.storeId) || sameCode(e.creditCode, order.sellerTaxId);
}

export function isActive(e: SellerListEntry, today: string): boolean {
  return e.expiresOn >= today;
}

/** Active allow entries that lift STORE_NOT_OFFICIAL for this order's seller, brand and channel. */
export function allowingEntries(entries: readonly SellerListEntry[], order: Order, brandId: string | null, today: string): SellerListEntry[] {
  if (!brandId) return [];
  return entries.filter(
    (e) => e.list === 'allow' && isActive(e, today) && namesSeller(e, order) && e.brandId === brandId && e.channel === order.channel,
  );
}

/** Active deny entries naming this order's seller. */
export function denyingEntries(entries: readonly SellerListEntry[], order: Order, today: string): SellerListEntry[] {
  return entries.filter((e) => e.list === 'deny' && isActive(e, today) && namesSeller(e, order));
}

/** Entries still counting that stop counting within `days` days (today included). */
export function expiringWithin(entries: readonly SellerListEntry[], today: string, days: number): SellerListEntry[] {
  const last = addDays(today, days);
  return entries.filter((e) => isActive(e, today) && e.expiresOn <= last).sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** What the seller is called in a sentence: store id and/or credit code. */
export function sellerLabel(e: { storeId: string | null; creditCode: string | null }): string {
  return [e.storeId, e.creditCode].filter(Boolean).join(' / ');
}
