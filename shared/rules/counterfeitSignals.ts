// Counterfeit signals beyond the registry, as findings: how a look-alike imitates its brand,
// replica wording on the goods or in the order, a seller flagged by an earlier counterfeit
// decision, and a seller on the deny list. Pure, like the engine that calls it.
import type { BrandHit, Evidence, Finding, Order, ReasonCode } from '../types';
import type { RulesetDefinition } from './ruleset';
import type { ReplicaPhrase } from './replicaWording';
import { findReplicaWording } from './replicaWording';
import { denyingEntries, namesSeller, sellerLabel, type SellerFlag, type SellerListEntry } from './sellerLists';

type Say = { en: string; zh: string };

function finding(code: ReasonCode, say: Say, evidence: Evidence[]): Finding {
  return { code, message: say.en, messageZh: say.zh, evidence };
}

const HOW: Record<NonNullable<BrandHit['how']>, Say> = {
  clone: { en: 'a known clone mark of', zh: '已知的仿冒商标，仿冒' },
  disguise: { en: 'a disguised spelling of', zh: '变形拼写（以数字、符号、相似字母或拆分伪装），仿冒' },
  'near-name': { en: 'a Chinese near-name of', zh: '近似中文名（形近字、同音字或加“牌/款/同款”），仿冒' },
  spelling: { en: 'a look-alike spelling of', zh: '近似拼写，仿冒' },
  truncated: { en: 'the start of a look-alike spelling of', zh: '近似拼写（识别到商标前半部分），仿冒' },
  sound: { en: 'a same-sounding Chinese name of', zh: '同音或近音字替换的近似中文名，仿冒' },
  shape: { en: 'a look-alike-character Chinese name of', zh: '形近字替换的近似中文名，仿冒' },
  swap: { en: 'a name with characters swapped, imitating', zh: '调换字序的近似名称，仿冒' },
  transliteration: { en: 'a Chinese transliteration of', zh: '外文商标的中文音译，仿冒' },
};

/** The BRAND_LOOKALIKE sentence: which mark, which brand it imitates, how, and (for a clone) the source. */
export function lookalikeSay(h: BrandHit): Say {
  const how = HOW[h.how ?? 'spelling'];
  const source = h.source ? { en: ` Source: ${h.source}.`, zh: ` 依据：${h.source}。` } : { en: '', zh: '' };
  return {
    en: `The mark "${h.evidence}" is ${how.en} ${h.brandName} ("${h.matched}"): a look-alike mark is a sign of counterfeit goods.${source.en}`,
    zh: `标识“${h.evidence}”是${how.zh} ${h.brandName}（“${h.matched}”），疑似假冒商品。${source.zh}`,
  };
}

interface SignalFacts {
  reads: Parameters<typeof findReplicaWording>[0];
  replicaPhrases?: readonly ReplicaPhrase[];
  sellerFlags?: readonly SellerFlag[];
  sellerList?: readonly SellerListEntry[];
  today: string;
}

export function counterfeitSignalFindings(f: SignalFacts, order: Order, rules: RulesetDefinition): Finding[] {
  const out: Finding[] = [];
  const orderEvidence = (text: string): Evidence => ({ photoId: null, text, box: null, kind: 'order' });

  const replica = findReplicaWording(f.reads, order.item, f.replicaPhrases ?? [], rules.minLookalikeConfidence);
  if (replica.length) {
    const words = [...new Set(replica.map((h) => h.text))];
    const where = replica.some((h) => h.photoId) ? (replica.some((h) => !h.photoId) ? 'both' : 'photo') : 'order';
    const whereSay = { photo: { en: 'on the goods', zh: '商品上' }, order: { en: "in the order's item text", zh: '订单商品描述中' }, both: { en: "on the goods and in the order's item text", zh: '商品上和订单商品描述中' } }[where];
    out.push(
      finding(
        'REPLICA_WORDING',
        {
          en: `Replica wording ${whereSay.en}: ${words.map((w) => `"${w}"`).join(', ')}. Sellers of fakes label them so.`,
          zh: `${whereSay.zh}出现仿品用语：${words.map((w) => `“${w}”`).join('、')}。这是假货卖家的常用标注。`,
        },
        replica.map((h) => ({ photoId: h.photoId, text: h.text, box: h.box, kind: h.photoId ? ('word' as const) : ('order' as const) })),
      ),
    );
  }

  const flags = (f.sellerFlags ?? []).filter((x) => namesSeller(x, order));
  if (flags.length) {
    const x = flags[0];
    const what = x.disposition === 'DESTROY' ? { en: 'destroyed', zh: '销毁' } : { en: 'returned', zh: '退回' };
    out.push(
      finding(
        'SELLER_FLAGGED',
        {
          en: `The seller ${order.storeName} (${sellerLabel(x)}) is flagged: parcel ${x.trackingNo} from this seller was ${what.en} as counterfeit by ${x.decidedBy} on ${x.decidedAt.slice(0, 10)} ("${x.reason}").${flags.length > 1 ? ` ${flags.length} such decisions in all.` : ''}`,
          zh: `卖家 ${order.storeName}（${sellerLabel(x)}）已被标记：该卖家的包裹 ${x.trackingNo} 已于 ${x.decidedAt.slice(0, 10)} 由 ${x.decidedBy} 作为假货${what.zh}（“${x.reason}”）。${flags.length > 1 ? `共 ${flags.length} 次此类决定。` : ''}`,
        },
        flags.map((y) => orderEvidence(`${y.trackingNo}: ${y.disposition} ${y.decidedAt.slice(0, 10)} ${y.decidedBy}`)),
      ),
    );
  }

  const denied = denyingEntries(f.sellerList ?? [], order, f.today);
  if (denied.length) {
    const e = denied[0];
    out.push(
      finding(
        'SELLER_DENYLISTED',
        {
          en: `The seller ${order.storeName} (${sellerLabel(e)}) is on the deny list until ${e.expiresOn}, added by ${e.addedBy}: "${e.reason}".`,
          zh: `卖家 ${order.storeName}（${sellerLabel(e)}）在禁止名单上，有效至 ${e.expiresOn}，由 ${e.addedBy} 添加：“${e.reason}”。`,
        },
        denied.map((d) => orderEvidence(`deny #${d.id}: ${sellerLabel(d)} until ${d.expiresOn}`)),
      ),
    );
  }
  return out;
}
