// SELLER_FLAGGED: a seller whose earlier parcel a supervisor returned or destroyed as counterfeit is
// held again until an admin clears the flag.
import { sellerLabel, namesSeller } from '../sellerLists';
import { finding, found, NOTHING, orderEvidence, orderRule, type Rule } from '../facts';

export const sellerFlagged: Rule<'SELLER_FLAGGED'> = orderRule({
  code: 'SELLER_FLAGGED',
  id: 'seller-flagged',
  version: 1,
  counterfeit: true,
  applies: () => true,
  check: (f) => {
    const o = f.order;
    const flags = f.sellerFlags.filter((x) => namesSeller(x, o));
    if (!flags.length) return NOTHING;
    const x = flags[0];
    const what = x.disposition === 'DESTROY' ? { en: 'destroyed', zh: '销毁' } : { en: 'returned', zh: '退回' };
    return found(
      finding(
        'SELLER_FLAGGED',
        {
          en: `The seller ${o.storeName} (${sellerLabel(x)}) is flagged: parcel ${x.trackingNo} from this seller was ${what.en} as counterfeit by ${x.decidedBy} on ${x.decidedAt.slice(0, 10)} ("${x.reason}").${flags.length > 1 ? ` ${flags.length} such decisions in all.` : ''}`,
          zh: `卖家 ${o.storeName}（${sellerLabel(x)}）已被标记：该卖家的包裹 ${x.trackingNo} 已于 ${x.decidedAt.slice(0, 10)} 由 ${x.decidedBy} 作为假货${what.zh}（“${x.reason}”）。${flags.length > 1 ? `共 ${flags.length} 次此类决定。` : ''}`,
        },
        flags.map((y) => orderEvidence(`${y.trackingNo}: ${y.disposition} ${y.decidedAt.slice(0, 10)} ${y.decidedBy}`)),
      ),
    );
  },
});
