// The one fact-gathering step for every verdict: a station's inspection, a supervisor's
// re-inspection and `replay` all come here, so no rule family can be left without its facts
// (replay once left out replica phrases, seller flags, the deny list and order-text look-alikes).
// Everything is read as it stands now (registry, lists, flags); "today" is the warehouse's date of
// the moment the parcel was inspected (warehouseClock.ts).
import type { Brand, BrandHit, Certificate, Order, PhotoRead, WordRead } from '../../../shared/types';
import type { RuleFacts } from '../../../shared/rules/facts';
import { ORDER_TEXT, resolveBrand } from '../../../shared/rules/facts';
import type { RulesetDefinition } from '../../../shared/rules/ruleset';
import { warehouseDate } from '../../../shared/warehouseClock';
import type { HandlerContext } from './handlers/context';

export interface FactRequest {
  /** The tracking number the parcel is known by, if any. */
  trackingNo: string | null;
  order: Order | null;
  /** What the photos showed, brand hits found by the registry's matcher in force. */
  reads: readonly PhotoRead[];
  /** When the parcel was inspected (now, for a live inspection). */
  at: Date | string;
  /** The ruleset to judge by: the active one, or the one `replay --ruleset` was given. */
  ruleset: { definition: RulesetDefinition; version: number };
}

/** An order's item text as one line of confident words, for the brand matcher. */
function itemWords(item: string): WordRead[] {
  let x = 0;
  return item
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => {
      const w = { text, confidence: 100, box: { x, y: 0, w: text.length * 10, h: 20 }, line: 0 };
      x += text.length * 10 + 10;
      return w;
    });
}

/**
 * The registry's brands, where a brand word of a brand with no known categories (none in brands.json,
 * no certificate) was seen on this parcel, given the categories of the orders that declare that brand:
 * the ordinary-use judge needs to know what the brand sells before it can call a use ordinary. More
 * categories only ever make a brand word count as the brand more often, never less.
 */
async function withKnownCategories(ctx: HandlerContext, brands: readonly Brand[], certificates: readonly Certificate[], hits: readonly BrandHit[], order: Order | null): Promise<Brand[]> {
  const declared = order?.declaredBrand ? resolveBrand(order.declaredBrand, brands) : null;
  const seen = new Set(hits.filter((h) => h.kind !== 'gs1' && h.brandId !== declared?.id).map((h) => h.brandId));
  const out: Brand[] = [];
  for (const b of brands) {
    if (!seen.has(b.id) || b.categories?.length || certificates.some((c) => c.brandId === b.id)) {
      out.push(b);
      continue;
    }
    const categories = await ctx.storage.declaredCategories([b.id, b.name, ...b.aliases]);
    out.push(categories.length ? { ...b, categories } : b);
  }
  return out;
}

export async function gatherFacts(ctx: HandlerContext, r: FactRequest): Promise<RuleFacts> {
  // Independent reads, sent at once: on a database server each is a round trip, and one after another
  // their waits add up.
  const [registry, phraseList, seller] = await Promise.all([
    ctx.registry(),
    ctx.counterfeit.phrases(),
    r.order ? ctx.storage.sellerFacts(r.order.storeId, r.order.sellerTaxId) : { flags: [], entries: [] },
  ]);
  const orderTextLookalikes = r.order ? registry.matcher.matchWords(itemWords(r.order.item), ORDER_TEXT).filter((h) => h.kind === 'lookalike') : [];
  const brands = await withKnownCategories(ctx, registry.brands, registry.certificates, [...r.reads.flatMap((x) => x.brands), ...orderTextLookalikes], r.order);
  const phrases = phraseList.phrases;
  return {
    trackingNo: r.trackingNo,
    order: r.order,
    brands,
    certificates: registry.certificates,
    reads: r.reads,
    today: warehouseDate(r.at),
    ruleset: r.ruleset.definition,
    rulesetVersion: r.ruleset.version,
    replicaPhrases: phrases,
    // A parcel's own counterfeit decision flags its seller for the parcels after it, not for itself.
    sellerFlags: seller.flags.filter((x) => x.trackingNo !== r.trackingNo),
    sellerList: seller.entries,
    // A clone mark or disguised name written in the order itself (the genuine name there is left to the declared brand).
    orderTextLookalikes,
  };
}
