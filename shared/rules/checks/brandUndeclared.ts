// BRAND_UNDECLARED: a registry brand's word or GS1 company prefix on a parcel whose order does not
// declare that brand. A brand word the ordinary-use judge finds used as an ordinary word (a grain, a
// flavour, a colour, outside the brand's categories) is a note instead; split evidence still holds,
// saying so, for a supervisor to settle.
import { byBrand, finding, hitEvidence, ordinaryNotes, orderRule, possiblyOrdinary, type JudgedHit, type OrderFacts, type RuleOutcome, type Rule } from '../facts';

const undeclared = (f: OrderFacts): JudgedHit[] => f.exactHits.filter((h) => h.hit.brandId !== f.declaredBrand?.id);

export const brandUndeclared: Rule<'BRAND_UNDECLARED'> = orderRule({
  code: 'BRAND_UNDECLARED',
  id: 'brand-undeclared',
  // 2: a brand word used as an ordinary word (the detect module's judge) is a note, or a hold that says so.
  version: 2,
  counterfeit: true,
  applies: (f) => undeclared(f).length > 0,
  check: (f): RuleOutcome => {
    const o = f.order;
    const findings = byBrand(undeclared(f))
      .map((group) => group.filter((h) => h.use !== 'ordinary'))
      .filter((group) => group.length > 0)
      .map((group) => {
        const h = group[0].hit;
        const how = group.every((x) => x.hit.kind === 'gs1')
          ? { en: `the barcode ${h.evidence} carries ${h.brandName}'s GS1 company prefix ${h.matched}`, zh: `条码 ${h.evidence} 带有 ${h.brandName} 的 GS1 厂商代码 ${h.matched}` }
          : { en: `the mark "${h.evidence}" reads as ${h.brandName}`, zh: `标识“${h.evidence}”识别为 ${h.brandName}` };
        const maybe = possiblyOrdinary(group);
        return finding(
          'BRAND_UNDECLARED',
          {
            en: `${h.brandName} was seen on the parcel (${how.en}), but the order ${o.orderNo} ${f.declared ? `declares ${f.declared}` : 'declares no brand'}.${maybe.en}`,
            zh: `包裹上发现 ${h.brandName}（${how.zh}），但订单 ${o.orderNo} ${f.declared ? `申报品牌为 ${f.declared}` : '未申报品牌'}。${maybe.zh}`,
          },
          group.map((x) => hitEvidence(x.hit)),
        );
      });
    return { findings, notes: ordinaryNotes(undeclared(f)), retake: [] };
  },
});
