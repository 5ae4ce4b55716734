// PROHIBITED_CATEGORY: goods in a prohibited category are never forwarded, whatever the channel.
import { finding, found, NOTHING, orderEvidence, orderRule, type Rule } from '../facts';

export const prohibitedCategory: Rule<'PROHIBITED_CATEGORY'> = orderRule({
  code: 'PROHIBITED_CATEGORY',
  id: 'prohibited-category',
  version: 1,
  counterfeit: false,
  applies: () => true,
  check: (f) => {
    const o = f.order;
    if (!f.ruleset.prohibitedCategories.includes(o.category.toLowerCase())) return NOTHING;
    return found(
      finding(
        'PROHIBITED_CATEGORY',
        { en: `"${o.item}" is in the prohibited category ${o.category}; it may not be forwarded.`, zh: `“${o.item}”属于禁运类别 ${o.category}，不得转运。` },
        [orderEvidence(`${o.orderNo}: ${o.category}`)],
      ),
    );
  },
});
