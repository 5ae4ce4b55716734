// INVOICE_MISSING: goods from an authorised seller travel with its commercial invoice; none read, hold.
import { finding, found, NOTHING, orderRule, type Rule } from '../facts';

export const invoiceMissing: Rule<'INVOICE_MISSING'> = orderRule({
  code: 'INVOICE_MISSING',
  id: 'invoice-missing',
  version: 1,
  counterfeit: false,
  applies: (f) => f.declared !== null && f.ruleset.approvedChannels.includes(f.order.channel) && f.order.channel === 'AUTHORIZED_SELLER',
  check: (f) => {
    if (f.invoices.length) return NOTHING;
    const o = f.order;
    return found(
      finding('INVOICE_MISSING', {
        en: `Bought from authorised seller ${o.storeName}, but no commercial invoice was read from the photos. Photograph the invoice in the parcel.`,
        zh: `购自授权经销商 ${o.storeName}，但照片中没有读到商业发票。请拍摄包裹内的发票。`,
      }),
    );
  },
});
