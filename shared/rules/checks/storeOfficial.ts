// STORE_NOT_OFFICIAL: on a store channel (flagship, self-operated, brand store) the store must be the
// brand's official one in the registry, or on the admin's allow list for this brand and channel.
import { channelLabel, finding, found, NOTHING, orderEvidence, orderRule, type Rule } from '../facts';
import { storeAccepted } from '../purchase';

export const storeOfficial: Rule<'STORE_NOT_OFFICIAL'> = orderRule({
  code: 'STORE_NOT_OFFICIAL',
  id: 'store-official',
  version: 1,
  counterfeit: false,
  applies: (f) => f.declared !== null && f.ruleset.approvedChannels.includes(f.order.channel) && f.ruleset.storeChannels.includes(f.order.channel),
  check: (f) => {
    if (storeAccepted(f)) return NOTHING;
    const o = f.order;
    const name = f.declaredBrand?.name ?? f.declared;
    const channel = channelLabel(o.channel);
    return found(
      finding(
        'STORE_NOT_OFFICIAL',
        f.declaredBrand
          ? { en: `${o.storeName} (${o.storeId}) is not ${name}'s official store on ${channel.en}.`, zh: `${o.storeName}（${o.storeId}）不是 ${name} 在${channel.zh}的官方店铺。` }
          : {
              en: `The brand registry has no entry for "${f.declared}", so the store ${o.storeName} cannot be confirmed as official.`,
              zh: `品牌库中没有“${f.declared}”，无法确认店铺 ${o.storeName} 为官方店铺。`,
            },
        [orderEvidence(`${o.orderNo}: ${o.storeId} ${o.storeName}`)],
      ),
    );
  },
});
