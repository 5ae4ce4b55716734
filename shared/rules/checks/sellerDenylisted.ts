// SELLER_DENYLISTED: a seller on the admin's deny list (until the entry's last day) is held.
import { denyingEntries, sellerLabel } from '../sellerLists';
import { finding, found, NOTHING, orderEvidence, orderRule, type Rule } from '../facts';

export const sellerDenylisted: Rule<'SELLER_DENYLISTED'> = orderRule({
  code: 'SELLER_DENYLISTED',
  id: 'seller-denylisted',
  version: 1,
  counterfeit: true,
  applies: () => true,
  check: (f) => {
    const o = f.order;
    const denied = denyingEntries(f.sellerList, o, f.today);
    if (!denied.length) return NOTHING;
    const e = denied[0];
    return found(
      finding(
        'SELLER_DENYLISTED',
        {
          en: `The seller ${o.storeName} (${sellerLabel(e)}) is on the deny list until ${e.expiresOn}, added by ${e.addedBy}: "${e.reason}".`,
          zh: `卖家 ${o.storeName}（${sellerLabel(e)}）在禁止名单上，有效至 ${e.expiresOn}，由 ${e.addedBy} 添加：“${e.reason}”。`,
        },
        denied.map((d) => orderEvidence(`deny #${d.id}: ${sellerLabel(d)} until ${d.expiresOn}`)),
      ),
    );
  },
});
