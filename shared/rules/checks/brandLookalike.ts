// BRAND_LOOKALIKE: a counterfeiter's spelling of a registry brand (a known clone mark, a disguised or
// near spelling, a Chinese near-name) on the goods or in the order's item text. Two exceptions, each
// a note rather than a hold: a look-alike the ordinary-use judge finds to be an ordinary word, and the
// declared brand's own mark read with a slip on goods bought where the rules accept them (a known
// clone mark of the declared brand is never a slip).
import type { BrandHit } from '../../types';
import { byBrand, finding, hitEvidence, note, ordinaryNotes, orderRule, possiblyOrdinary, type JudgedHit, type OrderFacts, type RuleOutcome, type Say, type Rule } from '../facts';
import { purchaseAccepted } from '../purchase';

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

/** The declared brand's own mark read with a slip: not a clone mark, on goods bought where the rules accept them. */
const misread = (f: OrderFacts, h: JudgedHit): boolean => h.hit.brandId === f.declaredBrand?.id && h.hit.how !== 'clone' && purchaseAccepted(f);

function misreadNote(f: OrderFacts, hits: readonly JudgedHit[]) {
  const h = hits[0].hit;
  const channel = f.order.storeName;
  return note(
    'DECLARED_BRAND_MISREAD',
    {
      en: `"${h.evidence}" reads close to ${h.brandName} ("${h.matched}"), the declared brand, on goods bought from ${channel}, where the rules accept ${h.brandName} goods: taken as the brand's own mark read with a slip. No hold.`,
      zh: `“${h.evidence}”与申报品牌 ${h.brandName}（“${h.matched}”）相近，商品购自 ${channel}，为认可的 ${h.brandName} 购买渠道：视为品牌本身标识的识别误差。不扣留。`,
    },
    hits.map((x) => hitEvidence(x.hit)),
  );
}

export const brandLookalike: Rule<'BRAND_LOOKALIKE'> = orderRule({
  code: 'BRAND_LOOKALIKE',
  id: 'brand-lookalike',
  // 2: a letter dropped inside a name counts (BURBERY). 3: known clone marks and disguised names.
  // 4: the declared brand's own mark misread on accepted goods is a note; ordinary-use judge on other brands.
  version: 4,
  counterfeit: true,
  applies: (f) => f.lookalikes.length > 0,
  check: (f): RuleOutcome => {
    const slips = f.lookalikes.filter((h) => misread(f, h));
    const rest = f.lookalikes.filter((h) => !misread(f, h));
    const findings = byBrand(rest)
      .map((group) => group.filter((h) => h.use !== 'ordinary'))
      .filter((group) => group.length > 0)
      .map((group) => {
        // A known clone mark is the strongest evidence: cite it first.
        const sorted = [...group].sort((a, b) => Number(b.hit.how === 'clone') - Number(a.hit.how === 'clone'));
        const say = lookalikeSay(sorted[0].hit);
        const maybe = possiblyOrdinary(group);
        return finding('BRAND_LOOKALIKE', { en: say.en + maybe.en, zh: say.zh + maybe.zh }, sorted.map((x) => hitEvidence(x.hit)));
      });
    return { findings, notes: [...(slips.length ? [misreadNote(f, slips)] : []), ...ordinaryNotes(rest)], retake: [] };
  },
});
