// The ruleset as data: stored, versioned, and recorded with every verdict it made.
import { APPROVED_CHANNELS, STORE_CHANNELS } from '../channels';

export interface RulesetDefinition {
  /** Channels through which branded goods may be bought. */
  approvedChannels: string[];
  /** Approved channels whose store must be one the registry lists for the brand and channel. */
  storeChannels: string[];
  /** Order categories that may never be forwarded. */
  prohibitedCategories: string[];
  /** A product photo counts as read when it has a barcode, or this many characters read at this confidence. */
  readable: { minChars: number; minWordConfidence: number };
  /** Look-alike marks read below this OCR confidence are not trusted enough to cite. */
  minLookalikeConfidence: number;
}

export const DEFAULT_RULESET: RulesetDefinition = {
  approvedChannels: [...APPROVED_CHANNELS],
  storeChannels: [...STORE_CHANNELS],
  prohibitedCategories: [
    'airbag_components',
    'airbags',
    'airbag_inflators',
    'weapons',
    'firearms',
    'firearm_parts',
    'ammunition',
    'explosives',
    'fireworks',
    'narcotics',
    'drugs',
    'counterfeit_currency',
    'ivory',
    'endangered_species',
    'radioactive_materials',
    'toxic_chemicals',
  ],
  readable: { minChars: 4, minWordConfidence: 60 },
  minLookalikeConfidence: 50,
};
