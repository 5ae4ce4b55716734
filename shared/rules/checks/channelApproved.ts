// CHANNEL_NOT_APPROVED: branded goods may leave only when bought through an approved channel.
import { channelLabel, finding, found, NOTHING, orderEvidence, orderRule, type Rule } from '../facts';

export const channelApproved: Rule<'CHANNEL_NOT_APPROVED'> = orderRule({
  code: 'CHANNEL_NOT_APPROVED',
  id: 'channel-approved',
  version: 1,
  counterfeit: false,
  applies: (f) => f.declared !== null,
  check: (f) => {
    const o = f.order;
    if (f.ruleset.approvedChannels.includes(o.channel)) return NOTHING;
    const name = f.declaredBrand?.name ?? f.declared;
    const channel = channelLabel(o.channel);
    return found(
      finding(
        'CHANNEL_NOT_APPROVED',
        {
          en: `${name} goods bought on ${channel.en} (${o.storeName}). Branded goods may leave only when bought through an approved channel.`,
          zh: `${name} 品牌商品购自${channel.zh}（${o.storeName}），不是认可的购买渠道。品牌商品只能通过认可渠道购买后转运。`,
        },
        [orderEvidence(`${o.orderNo}: ${o.channel} ${o.storeName}`)],
      ),
    );
  },
});
