// Each rule's identity and code version. The ruleset version (shared/rules/ruleset.ts) changes only
// when thresholds change; these versions change when a rule's code changes (as the look-alike rule's
// did), so two verdicts made by different code never carry the same record. Bump a rule's version in
// the same commit that changes what it decides. Every verdict records the rules that ran.
import type { ReasonCode } from '../types';

export interface RuleIdentity {
  id: string;
  version: number;
}

/** One rule per reason code (a new reason code does not compile without its entry here). */
export const RULES: Readonly<Record<ReasonCode, RuleIdentity>> = {
  UNKNOWN_PARCEL: { id: 'unknown-parcel', version: 1 },
  CHANNEL_NOT_APPROVED: { id: 'channel-approved', version: 1 },
  STORE_NOT_OFFICIAL: { id: 'store-official', version: 1 },
  BRAND_UNDECLARED: { id: 'brand-undeclared', version: 1 },
  // 2: a letter dropped inside a name counts (BURBERY). 3: known clone marks and disguised names.
  BRAND_LOOKALIKE: { id: 'brand-lookalike', version: 3 },
  AUTHORIZATION_INVALID: { id: 'authorization', version: 1 },
  INVOICE_MISSING: { id: 'invoice-missing', version: 1 },
  // 2: seller name and credit code taken from the seller's side of the invoice.
  // 3: a valid credit code equal to the order's decides the seller; the fapiao's QR wins over OCR.
  INVOICE_SELLER_MISMATCH: { id: 'invoice-seller', version: 3 },
  PROHIBITED_CATEGORY: { id: 'prohibited-category', version: 1 },
  UNREADABLE: { id: 'photo-readable', version: 1 },
  REPLICA_WORDING: { id: 'replica-wording', version: 1 },
  SELLER_FLAGGED: { id: 'seller-flagged', version: 1 },
  SELLER_DENYLISTED: { id: 'seller-denylisted', version: 1 },
};

/** The code every verdict depends on besides the rules: how brands are matched on the photos. */
// 3: clone marks, homoglyphs, digit swaps, Chinese near-names.
export const SUPPORT: readonly RuleIdentity[] = [{ id: 'brand-matcher', version: 3 }];

/** The rules that ran for a verdict, as "id@version" joined by commas (sorted: the same set, the same text). */
export function rulesRun(codes: readonly ReasonCode[]): string {
  return [...codes.map((c) => RULES[c]), ...SUPPORT]
    .map((r) => `${r.id}@${r.version}`)
    .sort()
    .join(',');
}

/** Every rule: what runs when the parcel matches an order. */
export const ALL_RULES = (Object.keys(RULES) as ReasonCode[]).filter((c) => c !== 'UNKNOWN_PARCEL');

/** A short fingerprint of a rules record for the screen (FNV-1a, 8 hex digits; the full record is kept). */
export function rulesFingerprint(rules: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < rules.length; i++) {
    h ^= rules.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
