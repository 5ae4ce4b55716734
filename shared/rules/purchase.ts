// Whether the goods were bought where the brand sells them: the official store (or an admin's allow
// entry) on a store channel, or an authorised seller whose certificate held on the purchase date and
// on the invoice's date and whose invoice names it. The store, authorisation and invoice rules judge
// these facts one by one; the look-alike rule asks them together, to tell the declared brand's own
// mark read with a slip from a look-alike. Pure.
import type { Certificate, InvoiceFields, Order } from '../types';
import { foldConfusions } from '../reading/text';
import { normalizeCreditCode, readCreditCode } from '../reading/creditCode';
import { allowingEntries } from './sellerLists';
import type { OrderFacts } from './facts';

/** The official store (by the registry) or an admin's active allow entry, for this brand and channel. */
export function storeAccepted(f: OrderFacts): boolean {
  const o = f.order;
  const official = f.declaredBrand?.officialStores.some((s) => s.channel === o.channel && s.storeId === o.storeId) ?? false;
  // An admin's allow-list entry for this seller, brand and channel stands in for the registry until it expires.
  return official || allowingEntries(f.sellerList, o, f.declaredBrand?.id ?? null, f.today).length > 0;
}

/** The order's seller's credit code, normalised, if the order gives one. */
export const orderTaxId = (o: Order): string | null => (o.sellerTaxId ? normalizeCreditCode(o.sellerTaxId) : null);

/** The declared brand's certificates held by the order's seller (by credit code). */
export function sellerCertificates(f: OrderFacts): Certificate[] {
  const taxId = orderTaxId(f.order);
  const brand = f.declaredBrand;
  return brand && taxId ? f.certificates.filter((c) => c.brandId === brand.id && normalizeCreditCode(c.sellerTaxId) === taxId) : [];
}

/** The invoice dates read (the QR's where it decoded), each a YYYY-MM-DD. */
export const invoiceDates = (f: OrderFacts): string[] => [...new Set(f.invoices.flatMap((i) => (i.date ? [i.date] : [])))];

/** A certificate valid on a date (both ends included). */
export const validOn = (c: Certificate, date: string): boolean => c.validFrom <= date && date <= c.validTo;

/** Certificates valid on the purchase date and on every invoice date read. */
export function datedCertificates(f: OrderFacts): Certificate[] {
  const dates = [f.order.purchaseDate, ...invoiceDates(f)];
  return sellerCertificates(f).filter((c) => dates.every((d) => validOn(c, d)));
}

/** Dated certificates whose scope names the order's category. */
export function coveringCertificates(f: OrderFacts): Certificate[] {
  const category = f.order.category.toLowerCase();
  return datedCertificates(f).filter((c) => c.scope.map((s) => s.toLowerCase()).includes(category));
}

export function sameSellerName(a: string, b: string): boolean {
  const norm = (s: string) => foldConfusions(s) + s.replace(/[^\u4e00-\u9fff]/g, '');
  return norm(a) === norm(b);
}

/** The credit codes that identify the order's seller: its own, else those on its brand's certificates under its store name. */
export function expectedSellerCodes(f: OrderFacts): string[] {
  const taxId = orderTaxId(f.order);
  if (taxId) return [taxId];
  const brand = f.declaredBrand;
  return f.certificates.filter((c) => brand && c.brandId === brand.id && sameSellerName(c.sellerName, f.order.storeName)).map((c) => normalizeCreditCode(c.sellerTaxId));
}

/**
 * One invoice against the order's seller. The credit code decides where its check character is
 * valid: the expected code confirms the seller whatever the name reads; any other valid code is
 * another seller. Without a valid code the name decides, compared exactly (after OCR folding):
 * a name alone is weaker evidence, and a counterfeit wrongly cleared is the worst outcome.
 */
export function judgeSeller(inv: InvoiceFields, order: Order, expected: readonly string[]): { verdict: 'match' | 'other-code' | 'other-name' | 'unreadable'; nameDiffers: boolean } {
  if (inv.sellerTaxIdRead) {
    const code = readCreditCode(inv.sellerTaxIdRead, expected);
    if (code.valid) {
      if (expected.includes(code.code)) return { verdict: 'match', nameDiffers: !inv.sellerName || !sameSellerName(inv.sellerName, order.storeName) };
      return { verdict: 'other-code', nameDiffers: false };
    }
  }
  if (!inv.sellerName) return { verdict: 'unreadable', nameDiffers: false };
  return sameSellerName(inv.sellerName, order.storeName) ? { verdict: 'match', nameDiffers: false } : { verdict: 'other-name', nameDiffers: true };
}

/**
 * The rules accept where the declared brand's goods were bought: an approved channel, and the
 * official store there, or an authorised seller with a covering certificate on every date and an
 * invoice that names it.
 */
export function purchaseAccepted(f: OrderFacts): boolean {
  if (!f.declaredBrand || !f.ruleset.approvedChannels.includes(f.order.channel)) return false;
  if (f.ruleset.storeChannels.includes(f.order.channel)) return storeAccepted(f);
  // An approved channel the rules have no store or certificate check for excuses nothing.
  if (f.order.channel !== 'AUTHORIZED_SELLER') return false;
  if (!coveringCertificates(f).length) return false;
  const expected = expectedSellerCodes(f);
  return f.invoices.some((inv) => judgeSeller(inv, f.order, expected).verdict === 'match');
}
