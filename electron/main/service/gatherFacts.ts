// The one fact-gathering step for every verdict: a station's inspection, a supervisor's
// re-inspection and `replay` all come here, so no rule family can be left without its facts
// (replay once left out replica phrases, seller flags, the deny list and order-text look-alikes).
// Everything is read as it stands now (registry, lists, flags); "today" is the warehouse's date of
// the moment the parcel was inspected (warehouseClock.ts).
import type { Order, PhotoRead, WordRead } from '../../../shared/types';
import type { RuleFacts } from '../../../shared/rules/facts';
import { ORDER_TEXT } from '../../../shared/rules/facts';
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

export async function gatherFacts(ctx: HandlerContext, r: FactRequest): Promise<RuleFacts> {
  const registry = await ctx.registry();
  const phrases = (await ctx.counterfeit.phrases()).phrases;
  const seller = r.order ? await ctx.storage.sellerFacts(r.order.storeId, r.order.sellerTaxId) : { flags: [], entries: [] };
  return {
    trackingNo: r.trackingNo,
    order: r.order,
    brands: registry.brands,
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
    orderTextLookalikes: r.order ? registry.matcher.matchWords(itemWords(r.order.item), ORDER_TEXT).filter((h) => h.kind === 'lookalike') : [],
  };
}
