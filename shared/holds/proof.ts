// What a customer is asked to prove when a hold waits for proof: pure defaults from the hold's reasons.
import type { ReasonCode } from '../types';

export const PROOF_ITEMS = ['CERTIFICATE', 'INVOICE', 'PURCHASE_RECORD'] as const;
export type ProofItem = (typeof PROOF_ITEMS)[number];

export const PROOF_ITEM_LABELS: Record<ProofItem, { en: string; zh: string }> = {
  CERTIFICATE: { en: 'authorisation certificate', zh: '品牌授权书' },
  INVOICE: { en: 'commercial invoice', zh: '商业发票' },
  PURCHASE_RECORD: { en: "brand's purchase record", zh: '品牌方购买记录' },
};

const ASK_FOR: Partial<Record<ReasonCode, ProofItem>> = {
  AUTHORIZATION_INVALID: 'CERTIFICATE',
  INVOICE_MISSING: 'INVOICE',
  INVOICE_SELLER_MISMATCH: 'INVOICE',
  CHANNEL_NOT_APPROVED: 'PURCHASE_RECORD',
  STORE_NOT_OFFICIAL: 'PURCHASE_RECORD',
  BRAND_UNDECLARED: 'PURCHASE_RECORD',
  BRAND_LOOKALIKE: 'PURCHASE_RECORD',
};

/** The documents that answer a hold's reasons; the brand's purchase record where none does. */
export function defaultProofAsk(reasons: readonly string[]): ProofItem[] {
  const asked = new Set<ProofItem>();
  for (const r of reasons) {
    const item = ASK_FOR[r as ReasonCode];
    if (item) asked.add(item);
  }
  if (!asked.size) asked.add('PURCHASE_RECORD');
  return PROOF_ITEMS.filter((i) => asked.has(i));
}
