// INVOICE_SELLER_MISMATCH: the invoice of an authorised seller's goods must be issued by the order's
// seller (its credit code decides; the name where no valid code was read). A seller that cannot be
// read asks the station to retake the invoice; a confirmed seller whose name reads differently is a note.
import { finding, note, NOTHING, orderRule, type Rule } from '../facts';
import { expectedSellerCodes, judgeSeller, orderTaxId } from '../purchase';

export const invoiceSeller: Rule<'INVOICE_SELLER_MISMATCH'> = orderRule({
  code: 'INVOICE_SELLER_MISMATCH',
  id: 'invoice-seller',
  // 2: seller name and credit code taken from the seller's side of the invoice.
  // 3: a valid credit code equal to the order's decides the seller; the fapiao's QR wins over OCR.
  version: 3,
  counterfeit: false,
  applies: (f) => f.declared !== null && f.ruleset.approvedChannels.includes(f.order.channel) && f.order.channel === 'AUTHORIZED_SELLER' && f.invoices.length > 0,
  check: (f) => {
    const o = f.order;
    const taxId = orderTaxId(o);
    const expected = expectedSellerCodes(f);
    const judged = f.invoices.map((inv) => ({ inv, ...judgeSeller(inv, o, expected) }));
    const confirmed = judged.find((j) => j.verdict === 'match');
    if (confirmed) {
      const inv = confirmed.inv;
      if (!confirmed.nameDiffers || !inv.sellerName) return NOTHING;
      return {
        findings: [],
        retake: [],
        notes: [
          note(
            'INVOICE_SELLER_NAME_DIFFERS',
            {
              en: `The invoice's credit code ${inv.sellerTaxId} is the order's seller's, so the seller is confirmed; its name was read as "${inv.sellerName}", not "${o.storeName}" (a misreading or a changed name). No hold.`,
              zh: `发票上的统一社会信用代码 ${inv.sellerTaxId} 与订单卖家一致，销售方已确认；名称识别为“${inv.sellerName}”，与“${o.storeName}”不同（可能是识别误差或名称变更）。不扣留。`,
            },
            [{ photoId: inv.photoId, text: `${inv.sellerName} ${inv.sellerTaxId}`, box: inv.box, kind: 'invoice' }],
          ),
        ],
      };
    }
    // A different valid code outranks an unreadable one: say what the invoice does show.
    const mismatch = judged.find((j) => j.verdict === 'other-code') ?? judged.find((j) => j.verdict === 'other-name');
    if (mismatch) {
      const inv = mismatch.inv;
      const shown = mismatch.verdict === 'other-code' ? `${inv.sellerName ?? ''} ${inv.sellerTaxId}`.trim() : (inv.sellerName ?? '');
      return {
        notes: [],
        retake: [],
        findings: [
          finding(
            'INVOICE_SELLER_MISMATCH',
            {
              en: `The invoice was issued by ${shown}, not by the order's seller ${o.storeName}${taxId ? ` (${taxId})` : ''}.`,
              zh: `发票开具方为 ${shown}，不是订单卖家 ${o.storeName}${taxId ? `（${taxId}）` : ''}。`,
            },
            [{ photoId: inv.photoId, text: shown, box: inv.box, kind: 'invoice' }],
          ),
        ],
      };
    }
    const inv = f.invoices[0];
    return {
      notes: [],
      retake: judged.map((j) => ({ photoId: j.inv.photoId, reason: 'INVOICE_SELLER_UNREADABLE' as const })),
      findings: [
        finding(
          'INVOICE_SELLER_MISMATCH',
          {
            en: `The seller on the invoice could not be read (neither its name nor its credit code), so it cannot be matched to ${o.storeName}. Retake the invoice photo.`,
            zh: `无法识别发票上的销售方（名称和统一社会信用代码均无法读出），无法与 ${o.storeName} 核对。请重拍发票。`,
          },
          [{ photoId: inv.photoId, text: inv.sellerTaxIdRead ?? '', box: inv.box, kind: 'invoice' }],
        ),
      ],
    };
  },
});
