// REPLICA_WORDING: words sellers of fakes label them with ("高仿", "1:1 mirror quality"), on the goods
// or in the order's item text. Finding them is the replica grammar's work (../replicaWording.ts).
import { findReplicaWording } from '../replicaWording';
import { finding, found, NOTHING, orderRule, type Rule } from '../facts';

export const replicaWording: Rule<'REPLICA_WORDING'> = orderRule({
  code: 'REPLICA_WORDING',
  id: 'replica-wording',
  // 2: replica wording as a grammar (grade, copy/version, factory and slang terms with context exclusions), not a phrase list.
  version: 2,
  counterfeit: true,
  applies: () => true,
  check: (f) => {
    const replica = findReplicaWording(f.reads, f.order.item, f.replicaPhrases, f.ruleset.minLookalikeConfidence);
    if (!replica.length) return NOTHING;
    const words = [...new Set(replica.map((h) => h.text))];
    const where = replica.some((h) => h.photoId) ? (replica.some((h) => !h.photoId) ? 'both' : 'photo') : 'order';
    const whereSay = {
      photo: { en: 'on the goods', zh: '商品上' },
      order: { en: "in the order's item text", zh: '订单商品描述中' },
      both: { en: "on the goods and in the order's item text", zh: '商品上和订单商品描述中' },
    }[where];
    return found(
      finding(
        'REPLICA_WORDING',
        {
          en: `Replica wording ${whereSay.en}: ${words.map((w) => `"${w}"`).join(', ')}. Sellers of fakes label them so.`,
          zh: `${whereSay.zh}出现仿品用语：${words.map((w) => `“${w}”`).join('、')}。这是假货卖家的常用标注。`,
        },
        replica.map((h) => ({ photoId: h.photoId, text: h.text, box: h.box, kind: h.photoId ? ('word' as const) : ('order' as const) })),
      ),
    );
  },
});
