// Whether a brand word read on a parcel is used as an ordinary word (小米 the grain on a bag of
// food, "orange" as a flavour) rather than as the brand. Pure: the caller passes the hit, the photo
// it was read on, the order and the brand. The answer is evidence for the rules, never a list:
// 'ordinary' only when a real dictionary has the word AND the parcel's own context says it is used
// as that word; 'unsure' when the evidence is split (the rules hold and say so); 'brand' otherwise.
import type { Brand, BrandHit, Certificate, Order, PhotoRead } from '../types';

export interface OrdinaryUseInput {
  /** The brand word or near-name as read (an exact alias hit or a look-alike). */
  hit: BrandHit;
  /** The photo it was read on (the tag's other words are context); null when it came from the order's item text. */
  read: PhotoRead | null;
  /** The order: its category and item text are context. */
  order: Order;
  brand: Brand;
  /** Certificates of this brand: their scopes are categories the brand is known to sell in. */
  certificates: readonly Certificate[];
}

export interface OrdinaryUseJudgement {
  verdict: 'brand' | 'ordinary' | 'unsure';
  /** Why, for the finding or note (en and zh). */
  why: { en: string; zh: string };
}

/** Until the dictionary-and-context judge lands every brand word counts as the brand (never clears). */
export function judgeOrdinaryUse(i: OrdinaryUseInput): OrdinaryUseJudgement {
  return {
    verdict: 'brand',
    why: { en: `"${i.hit.evidence}" is read as ${i.brand.name}.`, zh: `“${i.hit.evidence}”识别为 ${i.brand.name}。` },
  };
}
