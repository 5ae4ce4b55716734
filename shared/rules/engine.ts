// The rules engine: facts in, a verdict out. Pure: no clock, no database, no I/O.
// When the evidence is unclear it holds and says why; every finding is reported, not just the first.
import { ALL_RULES, rulesRun } from './ruleIdentity';
import type { Brand, BrandHit, Certificate, Evidence, Finding, InvoiceFields, Note, NoteCode, Order, PhotoRead, ReasonCode, Verdict } from '../types';
import { CHANNEL_LABELS } from '../channels';
import { foldConfusions } from '../reading/text';
import { normalizeCreditCode, readCreditCode } from '../reading/creditCode';
import type { RulesetDefinition } from './ruleset';
import { counterfeitSignalFindings, lookalikeSay } from './counterfeitSignals';
import { allowingEntries, type SellerFlag, type SellerListEntry } from './sellerLists';
import type { ReplicaPhrase } from './replicaWording';

export interface RuleFacts {
  /** The tracking number the parcel is known by (scanned, or read from the waybill), if any. */
  trackingNo: string | null;
  order: Order | null;
  brands: readonly Brand[];
  certificates: readonly Certificate[];
  reads: readonly PhotoRead[];
  /** Today's date, YYYY-MM-DD; the caller's clock, so the engine stays pure. */
  today: string;
  ruleset: RulesetDefinition;
  rulesetVersion: number;
  /** Replica phrases to look for (the shipped list or the admin's); absent: that rule has nothing to find. */
  replicaPhrases?: readonly ReplicaPhrase[];
  /** Uncleared counterfeit decisions on this order's seller (store id or credit code). */
  sellerFlags?: readonly SellerFlag[];
  /** Allow/deny entries naming this order's seller, expired ones included: the engine checks the dates. */
  sellerList?: readonly SellerListEntry[];
  /** Look-alike marks (clone marks, disguised names) the caller found in the order's item text. */
  orderTextLookalikes?: readonly BrandHit[];
}

type Say = { en: string; zh: string };

function finding(code: ReasonCode, say: Say, evidence: Evidence[] = []): Finding {
  return { code, message: say.en, messageZh: say.zh, evidence };
}

function hitEvidence(h: BrandHit): Evidence {
  // A mark in the order's item text has no photo: it is the order's evidence.
  if (h.photoId === ORDER_TEXT) return { photoId: null, text: h.evidence, box: null, kind: 'order' };
  return { photoId: h.photoId, text: h.evidence, box: h.box, kind: h.kind === 'gs1' ? 'barcode' : 'word' };
}

function note(code: NoteCode, say: Say, evidence: Evidence[] = []): Note {
  return { code, message: say.en, messageZh: say.zh, evidence };
}
/** The photo id look-alike hits found in the order's item text carry. */
export const ORDER_TEXT = 'order-item-text';

const orderEvidence = (o: Order, text: string): Evidence => ({ photoId: null, text, box: null, kind: 'order' });

/** The registry brand an order's declared brand names (by id, name or alias; OCR folding ignored here). */
export function resolveBrand(declared: string, brands: readonly Brand[]): Brand | null {
  const key = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  const compact = key.replace(/[\s\-_.]/g, '');
  for (const b of brands) {
    const names = [b.id, b.name, ...b.aliases].map((n) => n.trim().toLowerCase().replace(/\s+/g, ' '));
    if (names.includes(key) || names.some((n) => n.replace(/[\s\-_.]/g, '') === compact)) return b;
  }
  return null;
}

function sameSellerName(a: string, b: string): boolean {
  const norm = (s: string) => foldConfusions(s) + s.replace(/[^\u4e00-\u9fff]/g, '');
  return norm(a) === norm(b);
}

/**
 * A photo is read when it gave a barcode, or enough confident text: `minChars` letters and digits
 * (a Chinese character counts two) in words read at `minWordConfidence` or better.
 */
export function isPhotoReadable(r: PhotoRead, rules: RulesetDefinition): boolean {
  if (r.barcodes.length > 0) return true;
  let chars = 0;
  for (const w of r.words) {
    if (w.confidence < rules.readable.minWordConfidence) continue;
    for (const c of w.text) {
      if (/[\u4e00-\u9fff]/.test(c)) chars += 2;
      else if (/[\p{L}\p{N}]/u.test(c)) chars += 1;
    }
  }
  return chars >= rules.readable.minChars;
}

export function evaluate(f: RuleFacts): Verdict {
  const findings: Finding[] = [];
  const notes: Note[] = qrNotes(f.reads);
  const retake: Verdict['retake'] = [];
  const rules = f.ruleset;
  const order = f.order;

  if (!order) {
    const tracking = f.trackingNo;
    findings.push(
      finding(
        'UNKNOWN_PARCEL',
        tracking
          ? { en: `Tracking number ${tracking} matches no order. Keep the parcel until the order is found.`, zh: `运单号 ${tracking} 没有对应的订单。请先扣留，待查明订单。` }
          : { en: 'No tracking number was scanned or read from the waybill, so the parcel matches no order.', zh: '没有扫描到运单号，也无法从面单读出运单号，无法匹配订单。' },
        tracking ? [{ photoId: null, text: tracking, box: null, kind: 'barcode' }] : [],
      ),
    );
    return { outcome: 'HOLD', findings, notes, retake, rulesetVersion: f.rulesetVersion, rules: rulesRun(['UNKNOWN_PARCEL']), brands: seenBrandIds(f.reads) };
  }

  const channel = CHANNEL_LABELS[order.channel] ?? { en: order.channel, zh: order.channel };
  const declared = order.declaredBrand?.trim() ? order.declaredBrand.trim() : null;
  const declaredBrand = declared ? resolveBrand(declared, f.brands) : null;
  const hits = f.reads.flatMap((r) => r.brands);
  const exactHits = hits.filter((h) => h.kind !== 'lookalike');
  const lookalikes = [...hits.filter((h) => h.kind === 'lookalike' && h.confidence >= rules.minLookalikeConfidence), ...(f.orderTextLookalikes ?? [])];

  // PROHIBITED_CATEGORY: never forwarded, whatever the channel.
  if (rules.prohibitedCategories.includes(order.category.toLowerCase())) {
    findings.push(
      finding(
        'PROHIBITED_CATEGORY',
        { en: `"${order.item}" is in the prohibited category ${order.category}; it may not be forwarded.`, zh: `“${order.item}”属于禁运类别 ${order.category}，不得转运。` },
        [orderEvidence(order, `${order.orderNo}: ${order.category}`)],
      ),
    );
  }

  // Brands declared by the order: channel, store and authorisation.
  if (declared) {
    const name = declaredBrand?.name ?? declared;
    if (!rules.approvedChannels.includes(order.channel)) {
      findings.push(
        finding(
          'CHANNEL_NOT_APPROVED',
          {
            en: `${name} goods bought on ${channel.en} (${order.storeName}). Branded goods may leave only when bought through an approved channel.`,
            zh: `${name} 品牌商品购自${channel.zh}（${order.storeName}），不是认可的购买渠道。品牌商品只能通过认可渠道购买后转运。`,
          },
          [orderEvidence(order, `${order.orderNo}: ${order.channel} ${order.storeName}`)],
        ),
      );
    } else if (rules.storeChannels.includes(order.channel)) {
      const official = declaredBrand?.officialStores.find((s) => s.channel === order.channel && s.storeId === order.storeId);
      // An admin's allow-list entry for this seller, brand and channel stands in for the registry until it expires.
      const allowed = allowingEntries(f.sellerList ?? [], order, declaredBrand?.id ?? null, f.today).length > 0;
      if (!official && !allowed) {
        findings.push(
          finding(
            'STORE_NOT_OFFICIAL',
            declaredBrand
              ? {
                  en: `${order.storeName} (${order.storeId}) is not ${name}'s official store on ${channel.en}.`,
                  zh: `${order.storeName}（${order.storeId}）不是 ${name} 在${channel.zh}的官方店铺。`,
                }
              : {
                  en: `The brand registry has no entry for "${declared}", so the store ${order.storeName} cannot be confirmed as official.`,
                  zh: `品牌库中没有“${declared}”，无法确认店铺 ${order.storeName} 为官方店铺。`,
                },
            [orderEvidence(order, `${order.orderNo}: ${order.storeId} ${order.storeName}`)],
          ),
        );
      }
    } else if (order.channel === 'AUTHORIZED_SELLER') {
      const seller = authorisedSellerFindings(order, declaredBrand, declared, f);
      findings.push(...seller.findings);
      notes.push(...seller.notes);
      retake.push(...seller.retake);
    }
  }

  // Brands seen on the parcel that the order does not declare.
  const undeclared = new Map<string, BrandHit[]>();
  for (const h of exactHits) {
    if (declaredBrand && h.brandId === declaredBrand.id) continue;
    undeclared.set(h.brandId, [...(undeclared.get(h.brandId) ?? []), h]);
  }
  for (const [, hs] of undeclared) {
    const h = hs[0];
    const how = hs.some((x) => x.kind === 'gs1') && hs.every((x) => x.kind === 'gs1')
      ? { en: `the barcode ${h.evidence} carries ${h.brandName}'s GS1 company prefix ${h.matched}`, zh: `条码 ${h.evidence} 带有 ${h.brandName} 的 GS1 厂商代码 ${h.matched}` }
      : { en: `the mark "${h.evidence}" reads as ${h.brandName}`, zh: `标识“${h.evidence}”识别为 ${h.brandName}` };
    findings.push(
      finding(
        'BRAND_UNDECLARED',
        {
          en: `${h.brandName} was seen on the parcel (${how.en}), but the order ${order.orderNo} ${declared ? `declares ${declared}` : 'declares no brand'}.`,
          zh: `包裹上发现 ${h.brandName}（${how.zh}），但订单 ${order.orderNo} ${declared ? `申报品牌为 ${declared}` : '未申报品牌'}。`,
        },
        hs.map(hitEvidence),
      ),
    );
  }

  // Look-alike marks: counterfeiters' spellings of registry brands.
  const byBrand = new Map<string, BrandHit[]>();
  for (const h of lookalikes) byBrand.set(h.brandId, [...(byBrand.get(h.brandId) ?? []), h]);
  for (const [, hs] of byBrand) {
    // A known clone mark is the strongest evidence: cite it first.
    const sorted = [...hs].sort((a, b) => Number(b.how === 'clone') - Number(a.how === 'clone'));
    findings.push(finding('BRAND_LOOKALIKE', lookalikeSay(sorted[0]), sorted.map(hitEvidence)));
  }

  // Replica wording, and what is known about the seller (flags from earlier decisions, the deny list).
  findings.push(...counterfeitSignalFindings(f, order, rules));

  // Photos that could not be read well enough to rule out a brand.
  const goods = f.reads.filter((r) => r.kind !== 'waybill');
  const unreadable = f.reads.filter((r) => !isPhotoReadable(r, rules) && r.kind !== 'waybill');
  if (f.reads.length === 0 || goods.length === 0 || unreadable.length > 0) {
    findings.push(
      finding(
        'UNREADABLE',
        f.reads.length === 0 || goods.length === 0
          ? { en: 'There is no readable photo of the goods, so a brand cannot be ruled out. Photograph the product tag or box.', zh: '没有可识别的商品照片，无法排除品牌。请拍摄商品吊牌或包装。' }
          : {
              en: `${unreadable.length} photo${unreadable.length > 1 ? 's' : ''} could not be read (blurred, dark or empty), so a brand cannot be ruled out. Retake ${unreadable.length > 1 ? 'them' : 'it'} closer and in focus.`,
              zh: `有 ${unreadable.length} 张照片无法识别（模糊、过暗或空白），无法排除品牌。请靠近对焦后重拍。`,
            },
        unreadable.map((r) => ({ photoId: r.photoId, text: r.error ?? `${r.words.length} words, mean confidence ${r.meanConfidence}`, box: null, kind: 'photo' as const })),
      ),
    );
  }

  return {
    outcome: findings.length ? 'HOLD' : 'CLEAR',
    findings,
    notes,
    retake,
    rulesetVersion: f.rulesetVersion,
    rules: rulesRun(ALL_RULES),
    brands: [...new Set([...(declaredBrand ? [declaredBrand.id] : []), ...exactHits.map((h) => h.brandId)])],
  };
}

function seenBrandIds(reads: readonly PhotoRead[]): string[] {
  return [...new Set(reads.flatMap((r) => r.brands.filter((h) => h.kind !== 'lookalike').map((h) => h.brandId)))];
}

function authorisedSellerFindings(order: Order, brand: Brand | null, declared: string, f: RuleFacts): { findings: Finding[]; notes: Note[]; retake: Verdict['retake'] } {
  const out: Finding[] = [];
  const notes: Note[] = [];
  const retake: Verdict['retake'] = [];
  const name = brand?.name ?? declared;
  const taxId = order.sellerTaxId ? normalizeCreditCode(order.sellerTaxId) : null;
  const certs = brand && taxId ? f.certificates.filter((c) => c.brandId === brand.id && normalizeCreditCode(c.sellerTaxId) === taxId) : [];
  const onDate = certs.filter((c) => c.validFrom <= order.purchaseDate && order.purchaseDate <= c.validTo);
  const covering = onDate.filter((c) => c.scope.map((s) => s.toLowerCase()).includes(order.category.toLowerCase()));
  if (!covering.length) {
    let say: Say;
    let evidence: Evidence[] = [orderEvidence(order, `${order.orderNo}: ${order.storeName} ${order.sellerTaxId ?? ''}`.trim())];
    if (!certs.length) {
      say = {
        en: `${order.storeName}${taxId ? ` (${taxId})` : ''} holds no ${name} authorisation certificate in the registry.`,
        zh: `${order.storeName}${taxId ? `（${taxId}）` : ''}在登记库中没有 ${name} 的授权证书。`,
      };
    } else if (!onDate.length) {
      const c = certs[0];
      say = {
        en: `${order.storeName}'s ${name} certificate ${c.id} is valid ${c.validFrom} to ${c.validTo}, not on the purchase date ${order.purchaseDate}.`,
        zh: `${order.storeName} 的 ${name} 授权证书 ${c.id} 有效期为 ${c.validFrom} 至 ${c.validTo}，购买日期 ${order.purchaseDate} 不在有效期内。`,
      };
      evidence = [...evidence, { photoId: null, text: `${c.id}: ${c.validFrom} – ${c.validTo}`, box: null, kind: 'certificate' }];
    } else {
      const c = onDate[0];
      say = {
        en: `${order.storeName}'s ${name} certificate ${c.id} covers ${c.scope.join(', ')}, not ${order.category}.`,
        zh: `${order.storeName} 的 ${name} 授权证书 ${c.id} 授权范围为 ${c.scope.join('、')}，不包括 ${order.category}。`,
      };
      evidence = [...evidence, { photoId: null, text: `${c.id}: ${c.scope.join(', ')}`, box: null, kind: 'certificate' }];
    }
    out.push(finding('AUTHORIZATION_INVALID', say, evidence));
  }

  const invoices = f.reads.filter((r) => r.invoice).map((r) => r.invoice!);
  if (!invoices.length) {
    out.push(
      finding('INVOICE_MISSING', {
        en: `Bought from authorised seller ${order.storeName}, but no commercial invoice was read from the photos. Photograph the invoice in the parcel.`,
        zh: `购自授权经销商 ${order.storeName}，但照片中没有读到商业发票。请拍摄包裹内的发票。`,
      }),
    );
    return { findings: out, notes, retake };
  }
  // The codes that identify the order's seller: the order's own, else the code on a certificate of
  // this brand held under the order's store name.
  const expected = taxId
    ? [taxId]
    : f.certificates.filter((c) => brand && c.brandId === brand.id && sameSellerName(c.sellerName, order.storeName)).map((c) => normalizeCreditCode(c.sellerTaxId));
  const judged = invoices.map((inv) => ({ inv, ...judgeSeller(inv, order, expected) }));
  const confirmed = judged.find((j) => j.verdict === 'match');
  if (confirmed) {
    if (confirmed.nameDiffers && confirmed.inv.sellerName) {
      const inv = confirmed.inv;
      notes.push(
        note(
          'INVOICE_SELLER_NAME_DIFFERS',
          {
            en: `The invoice's credit code ${inv.sellerTaxId} is the order's seller's, so the seller is confirmed; its name was read as "${inv.sellerName}", not "${order.storeName}" (a misreading or a changed name). No hold.`,
            zh: `发票上的统一社会信用代码 ${inv.sellerTaxId} 与订单卖家一致，销售方已确认；名称识别为“${inv.sellerName}”，与“${order.storeName}”不同（可能是识别误差或名称变更）。不扣留。`,
          },
          [{ photoId: inv.photoId, text: `${inv.sellerName} ${inv.sellerTaxId}`, box: inv.box, kind: 'invoice' }],
        ),
      );
    }
    return { findings: out, notes, retake };
  }
  // A different valid code outranks an unreadable one: say what the invoice does show.
  const mismatch = judged.find((j) => j.verdict === 'other-code') ?? judged.find((j) => j.verdict === 'other-name');
  if (mismatch) {
    const inv = mismatch.inv;
    const shown = mismatch.verdict === 'other-code' ? `${inv.sellerName ?? ''} ${inv.sellerTaxId}`.trim() : inv.sellerName!;
    out.push(
      finding(
        'INVOICE_SELLER_MISMATCH',
        {
          en: `The invoice was issued by ${shown}, not by the order's seller ${order.storeName}${taxId ? ` (${taxId})` : ''}.`,
          zh: `发票开具方为 ${shown}，不是订单卖家 ${order.storeName}${taxId ? `（${taxId}）` : ''}。`,
        },
        [{ photoId: inv.photoId, text: shown, box: inv.box, kind: 'invoice' }],
      ),
    );
    return { findings: out, notes, retake };
  }
  const inv = invoices[0];
  out.push(
    finding(
      'INVOICE_SELLER_MISMATCH',
      {
        en: `The seller on the invoice could not be read (neither its name nor its credit code), so it cannot be matched to ${order.storeName}. Retake the invoice photo.`,
        zh: `无法识别发票上的销售方（名称和统一社会信用代码均无法读出），无法与 ${order.storeName} 核对。请重拍发票。`,
      },
      [{ photoId: inv.photoId, text: inv.sellerTaxIdRead ?? '', box: inv.box, kind: 'invoice' }],
    ),
  );
  for (const j of judged) retake.push({ photoId: j.inv.photoId, reason: 'INVOICE_SELLER_UNREADABLE' });
  return { findings: out, notes, retake };
}

/**
 * One invoice against the order's seller. The credit code decides where its check character is
 * valid: the expected code confirms the seller whatever the name reads; any other valid code is
 * another seller. Without a valid code the name decides, compared exactly (after OCR folding):
 * a name alone is weaker evidence, and a counterfeit wrongly cleared is the worst outcome.
 */
export function judgeSeller(inv: InvoiceFields, order: Order, expected: readonly string[]): { verdict: 'match' | 'other-code' | 'other-name' | 'unreadable'; nameDiffers: boolean } {
  if (inv.sellerTaxIdRead) {
    const code = readCreditCode(inv.sellerTaxIdRead, expected);
    if (code.valid) {
      if (expected.includes(code.code)) return { verdict: 'match', nameDiffers: !inv.sellerName || !sameSellerName(inv.sellerName, order.storeName) };
      return { verdict: 'other-code', nameDiffers: false };
    }
  }
  if (!inv.sellerName) return { verdict: 'unreadable', nameDiffers: false };
  return sameSellerName(inv.sellerName, order.storeName) ? { verdict: 'match', nameDiffers: false } : { verdict: 'other-name', nameDiffers: true };
}

const QR_FIELD_NAMES: Record<string, Say> = {
  invoiceCode: { en: 'invoice code', zh: '发票代码' },
  invoiceNo: { en: 'invoice number', zh: '发票号码' },
  date: { en: 'date', zh: '开票日期' },
  totalFen: { en: 'total', zh: '价税合计' },
};

function shownValue(field: string, v: string): string {
  if (field !== 'totalFen') return v;
  const fen = Number(v);
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Where OCR read an invoice field differently from the invoice's own QR: the QR's value was used. */
function qrNotes(reads: readonly PhotoRead[]): Note[] {
  const out: Note[] = [];
  for (const r of reads) {
    const inv = r.invoice;
    if (!inv?.qr || !inv.disagreements?.length) continue;
    const d = inv.disagreements;
    out.push(
      note(
        'INVOICE_QR_DIFFERS',
        {
          en: `The invoice's QR code and its printed text differ: ${d.map((x) => `${QR_FIELD_NAMES[x.field].en} ${shownValue(x.field, x.qr)} in the QR, ${shownValue(x.field, x.ocr)} read from the print`).join('; ')}. The QR's values are used.`,
          zh: `发票二维码与票面文字不一致：${d.map((x) => `${QR_FIELD_NAMES[x.field].zh}二维码为 ${shownValue(x.field, x.qr)}，票面识别为 ${shownValue(x.field, x.ocr)}`).join('；')}。以二维码为准。`,
        },
        [{ photoId: r.photoId, text: inv.qr.text, box: inv.qr.box, kind: 'barcode' }],
      ),
    );
  }
  return out;
}
