// AUTHORIZATION_INVALID: an authorised seller must hold the declared brand's certificate, valid on the
// purchase date AND on the invoice's date, with the order's category in its scope. An invoice dated
// after the certificate lapsed (or before it began) is held even when the purchase date is inside it.
import type { Certificate, Evidence } from '../../types';
import { finding, found, NOTHING, orderEvidence, orderRule, type OrderFacts, type Say, type Rule } from '../facts';
import { coveringCertificates, datedCertificates, invoiceDates, orderTaxId, sellerCertificates, validOn } from '../purchase';

const certEvidence = (c: Certificate, text: string): Evidence => ({ photoId: null, text: `${c.id}: ${text}`, box: null, kind: 'certificate' });

function why(f: OrderFacts): { say: Say; evidence: Evidence[] } {
  const o = f.order;
  const name = f.declaredBrand?.name ?? f.declared ?? '';
  const taxId = orderTaxId(o);
  const certs = sellerCertificates(f);
  if (!certs.length) {
    return {
      say: {
        en: `${o.storeName}${taxId ? ` (${taxId})` : ''} holds no ${name} authorisation certificate in the registry.`,
        zh: `${o.storeName}${taxId ? `（${taxId}）` : ''}在登记库中没有 ${name} 的授权证书。`,
      },
      evidence: [],
    };
  }
  const onPurchase = certs.filter((c) => validOn(c, o.purchaseDate));
  if (!onPurchase.length) {
    const c = certs[0];
    return {
      say: {
        en: `${o.storeName}'s ${name} certificate ${c.id} is valid ${c.validFrom} to ${c.validTo}, not on the purchase date ${o.purchaseDate}.`,
        zh: `${o.storeName} 的 ${name} 授权证书 ${c.id} 有效期为 ${c.validFrom} 至 ${c.validTo}，购买日期 ${o.purchaseDate} 不在有效期内。`,
      },
      evidence: [certEvidence(c, `${c.validFrom} – ${c.validTo}`)],
    };
  }
  if (!datedCertificates(f).length) {
    const c = onPurchase[0];
    const outside = invoiceDates(f).filter((d) => !validOn(c, d));
    const inv = f.invoices.find((i) => i.date === outside[0]);
    const when = outside[0] > c.validTo ? { en: 'after it lapsed', zh: '晚于有效期截止日' } : { en: 'before it began', zh: '早于有效期起始日' };
    return {
      say: {
        en: `${o.storeName}'s ${name} certificate ${c.id} is valid ${c.validFrom} to ${c.validTo}: the purchase date ${o.purchaseDate} is inside it, but the invoice is dated ${outside.join(', ')}, ${when.en}.`,
        zh: `${o.storeName} 的 ${name} 授权证书 ${c.id} 有效期为 ${c.validFrom} 至 ${c.validTo}：购买日期 ${o.purchaseDate} 在有效期内，但发票日期为 ${outside.join('、')}，${when.zh}。`,
      },
      evidence: [
        certEvidence(c, `${c.validFrom} – ${c.validTo}`),
        ...(inv ? [{ photoId: inv.photoId, text: outside[0], box: inv.box, kind: 'invoice' as const }] : []),
      ],
    };
  }
  const c = datedCertificates(f)[0];
  return {
    say: {
      en: `${o.storeName}'s ${name} certificate ${c.id} covers ${c.scope.join(', ')}, not ${o.category}.`,
      zh: `${o.storeName} 的 ${name} 授权证书 ${c.id} 授权范围为 ${c.scope.join('、')}，不包括 ${o.category}。`,
    },
    evidence: [certEvidence(c, c.scope.join(', '))],
  };
}

export const authorization: Rule<'AUTHORIZATION_INVALID'> = orderRule({
  code: 'AUTHORIZATION_INVALID',
  id: 'authorization',
  // 2: the invoice's date must lie inside the certificate's validity too, not only the purchase date.
  version: 2,
  counterfeit: false,
  applies: (f) => f.declared !== null && f.ruleset.approvedChannels.includes(f.order.channel) && f.order.channel === 'AUTHORIZED_SELLER',
  check: (f) => {
    if (coveringCertificates(f).length) return NOTHING;
    const o = f.order;
    const { say, evidence } = why(f);
    return found(finding('AUTHORIZATION_INVALID', say, [orderEvidence(`${o.orderNo}: ${o.storeName} ${o.sellerTaxId ?? ''}`.trim()), ...evidence]));
  },
});
