// The facts every verdict is made from, and what every rule reads from them. RuleFacts is what the
// caller gathers (gatherFacts.ts: inspection, re-inspection and replay alike); every field is
// required, so no caller can leave a rule family without its facts. Facts adds what is worked out
// once from them (the declared brand, the brand hits judged for ordinary use, the invoices read)
// so no two rules work it out differently. Pure: no clock, no database, no I/O.
import type { Brand, BrandHit, Certificate, Evidence, Finding, InvoiceFields, Note, NoteCode, Order, PhotoRead, ReasonCode, Verdict } from '../types';
import { CHANNEL_LABELS } from '../channels';
import type { RulesetDefinition } from './ruleset';
import type { SellerFlag, SellerListEntry } from './sellerLists';
import type { ReplicaPhrase } from './replicaWording';

export interface RuleFacts {
  /** The tracking number the parcel is known by (scanned, or read from the waybill), if any. */
  trackingNo: string | null;
  order: Order | null;
  brands: readonly Brand[];
  certificates: readonly Certificate[];
  reads: readonly PhotoRead[];
  /** The warehouse's date of the inspection, YYYY-MM-DD (warehouseClock.ts); the engine keeps no clock. */
  today: string;
  ruleset: RulesetDefinition;
  rulesetVersion: number;
  /** Replica phrases to look for (the shipped list or the admin's). */
  replicaPhrases: readonly ReplicaPhrase[];
  /** Uncleared counterfeit decisions on this order's seller (store id or credit code). */
  sellerFlags: readonly SellerFlag[];
  /** Allow/deny entries naming this order's seller, expired ones included: the rules check the dates. */
  sellerList: readonly SellerListEntry[];
  /** Look-alike marks (clone marks, disguised names) found in the order's item text. */
  orderTextLookalikes: readonly BrandHit[];
}

export type Say = { en: string; zh: string };

/**
 * Whether a brand word is used as the brand: the shape of shared/detect/ordinaryUse.ts's
 * judgeOrdinaryUse (the default, passed by the engine), written out here so the rules' types do not
 * pull the judge's dictionaries into every project that reads a reason code. A test may pass its own.
 */
export type OrdinaryUseJudge = (i: { hit: BrandHit; read: PhotoRead | null; order: Order; brand: Brand; certificates: readonly Certificate[] }) => {
  verdict: 'brand' | 'ordinary' | 'unsure';
  why: Say;
};

/** A brand hit with the ordinary-use judge's answer: 'brand' for the declared brand and GS1 prefixes. */
export interface JudgedHit {
  hit: BrandHit;
  use: ReturnType<OrdinaryUseJudge>['verdict'];
  why: Say | null;
}

export interface Facts extends RuleFacts {
  /** The order's declared brand as written, trimmed; null when it declares none. */
  declared: string | null;
  /** The registry brand the declared brand names, if the registry knows it. */
  declaredBrand: Brand | null;
  /** Brand words and GS1 prefixes of registry brands read on the photos. */
  exactHits: readonly JudgedHit[];
  /** Look-alike marks read with enough confidence, and those in the order's item text. */
  lookalikes: readonly JudgedHit[];
  /** The invoices read from the photos. */
  invoices: readonly InvoiceFields[];
}

/** Facts of a parcel that matched an order. */
export type OrderFacts = Facts & { order: Order };

export const hasOrder = (f: Facts): f is OrderFacts => f.order !== null;

/** What a rule adds to the verdict. */
export interface RuleOutcome {
  findings: Finding[];
  notes: Note[];
  retake: Verdict['retake'];
}

/**
 * A rule: its reason code, identity and code version (recorded with every verdict it took part in),
 * whether its finding is a sign of counterfeit goods, when it applies, and what it finds.
 */
export interface Rule<C extends string = string> {
  code: C;
  id: string;
  version: number;
  /** A RETURN or DESTROY of a parcel held for this reason is a counterfeit decision (the seller is flagged). */
  counterfeit: boolean;
  applies(f: Facts): boolean;
  check(f: Facts): RuleOutcome;
}

export const NOTHING: RuleOutcome = { findings: [], notes: [], retake: [] };

/** A rule about an order: it never applies to a parcel that matched none. */
export function orderRule<C extends string>(r: { code: C; id: string; version: number; counterfeit: boolean; applies(f: OrderFacts): boolean; check(f: OrderFacts): RuleOutcome }): Rule<C> {
  return { ...r, applies: (f) => hasOrder(f) && r.applies(f), check: (f) => (hasOrder(f) ? r.check(f) : NOTHING) };
}

export function finding(code: ReasonCode, say: Say, evidence: Evidence[] = []): Finding {
  return { code, message: say.en, messageZh: say.zh, evidence };
}

export function note(code: NoteCode, say: Say, evidence: Evidence[] = []): Note {
  return { code, message: say.en, messageZh: say.zh, evidence };
}

export const found = (...findings: Finding[]): RuleOutcome => ({ findings, notes: [], retake: [] });

/** The photo id look-alike hits found in the order's item text carry. */
export const ORDER_TEXT = 'order-item-text';

export const orderEvidence = (text: string): Evidence => ({ photoId: null, text, box: null, kind: 'order' });

export function hitEvidence(h: BrandHit): Evidence {
  // A mark in the order's item text has no photo: it is the order's evidence.
  if (h.photoId === ORDER_TEXT) return orderEvidence(h.evidence);
  return { photoId: h.photoId, text: h.evidence, box: h.box, kind: h.kind === 'gs1' ? 'barcode' : 'word' };
}

/** The channel's name in both languages. */
export function channelLabel(channel: string): Say {
  return (CHANNEL_LABELS as Readonly<Record<string, Say | undefined>>)[channel] ?? { en: channel, zh: channel };
}

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

/** Brand hits grouped by brand, in the order first seen. */
export function byBrand(hits: readonly JudgedHit[]): JudgedHit[][] {
  const groups = new Map<string, JudgedHit[]>();
  for (const h of hits) groups.set(h.hit.brandId, [...(groups.get(h.hit.brandId) ?? []), h]);
  return [...groups.values()];
}

/**
 * Works out, once, what every rule reads from the gathered facts. Every non-GS1 hit of a brand other
 * than the declared one goes to the ordinary-use judge (a GS1 prefix is the brand's own code, and
 * the declared brand's word on its own goods is no surprise).
 */
export function deriveFacts(f: RuleFacts, judge: OrdinaryUseJudge): Facts {
  const declared = f.order?.declaredBrand?.trim() ? f.order.declaredBrand.trim() : null;
  const declaredBrand = declared ? resolveBrand(declared, f.brands) : null;
  const order = f.order;
  const judged = (hit: BrandHit): JudgedHit => {
    const brand = f.brands.find((b) => b.id === hit.brandId);
    if (!order || !brand || hit.kind === 'gs1' || hit.brandId === declaredBrand?.id) return { hit, use: 'brand', why: null };
    const read = f.reads.find((r) => r.photoId === hit.photoId) ?? null;
    const j = judge({ hit, read, order, brand, certificates: f.certificates.filter((c) => c.brandId === brand.id) });
    return { hit, use: j.verdict, why: j.why };
  };
  const hits = f.reads.flatMap((r) => r.brands);
  return {
    ...f,
    declared,
    declaredBrand,
    exactHits: hits.filter((h) => h.kind !== 'lookalike').map(judged),
    lookalikes: [...hits.filter((h) => h.kind === 'lookalike' && h.confidence >= f.ruleset.minLookalikeConfidence), ...f.orderTextLookalikes].map(judged),
    invoices: f.reads.flatMap((r) => (r.invoice ? [r.invoice] : [])),
  };
}

/** The BRAND_WORD_ORDINARY notes for hits the judge found used as ordinary words. */
export function ordinaryNotes(hits: readonly JudgedHit[]): Note[] {
  return hits
    .filter((h) => h.use === 'ordinary')
    .map((h) =>
      note(
        'BRAND_WORD_ORDINARY',
        {
          en: `"${h.hit.evidence}" is used as an ordinary word here, not as the brand ${h.hit.brandName}: ${h.why?.en ?? ''} No hold.`,
          zh: `“${h.hit.evidence}”在此为普通词语，不是品牌 ${h.hit.brandName}：${h.why?.zh ?? ''}不扣留。`,
        },
        [hitEvidence(h.hit)],
      ),
    );
}

/** The sentence added to a finding whose brand word may be an ordinary word: a supervisor settles it. */
export function possiblyOrdinary(hits: readonly JudgedHit[]): Say {
  const unsure = hits.filter((h) => h.use === 'unsure');
  if (!unsure.length || hits.some((h) => h.use === 'brand')) return { en: '', zh: '' };
  const why = unsure[0].why;
  return {
    en: ` Brand word, possibly ordinary use: ${why?.en ?? ''} A supervisor decides.`,
    zh: ` 品牌词，可能为普通用语：${why?.zh ?? ''}请主管判定。`,
  };
}
