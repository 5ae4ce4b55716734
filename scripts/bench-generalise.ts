// Leave-brand-out evaluation of look-alike, ordinary-word and replica-wording detection: prints, per
// technique, counterfeit variants held / missed and ordinary decoys cleared / wrongly held.
// `npm run bench:generalise [-- --verbose]`. Runs at the matcher+judge level (text in), in seconds.
import { BrandMatcher } from '../shared/reading/brandMatcher';
import { mergeLookalikes } from '../shared/reading/cloneMarks';
import { judgeOrdinaryUse } from '../shared/detect/ordinaryUse';
import { findReplicaWording } from '../shared/rules/replicaWording';
import { generateSet } from '../shared/detect/generaliseSet';
import { formatRows, scoreSet, type Detector } from '../shared/detect/generaliseScore';
import { DEFAULT_RULESET } from '../shared/rules/ruleset';
import { ensureLexicon } from '../electron/main/service/dictionaries';
import { SHIPPED_LOOKALIKES, SHIPPED_PHRASES } from '../electron/main/service/counterfeitLists';

const verbose = process.argv.includes('--verbose');
const lex = ensureLexicon();
let t = performance.now();
const set = generateSet(lex);
const built = performance.now() - t;

const detector: Detector = {
  // Brand B's own entries in the shipped clone-mark list are left out when B is measured.
  matcher: (brands, leftOut) => {
    const curated = { ...SHIPPED_LOOKALIKES, brands: SHIPPED_LOOKALIKES.brands.filter((c) => ![c.brand, ...c.names].some((n) => n.toLowerCase() === leftOut)) };
    return new BrandMatcher(mergeLookalikes(brands.map((x) => (x.id === leftOut ? { ...x, lookalikes: [] } : x)), curated));
  },
  judge: (i) => judgeOrdinaryUse({ ...i, certificates: [] }),
  replica: (reads, item) => findReplicaWording(reads, item, SHIPPED_PHRASES.phrases, DEFAULT_RULESET.minLookalikeConfidence),
};

t = performance.now();
const rows = scoreSet(set, detector);
const scored = performance.now() - t;
const variants = set.cases.filter((c) => c.expect === 'held').length;
console.log(`leave-brand-out set: ${set.brands.length} invented brands, ${variants} variants, ${set.cases.length - variants} decoys (built in ${(built / 1000).toFixed(1)} s, scored in ${(scored / 1000).toFixed(1)} s)\n`);
console.log(formatRows(rows, verbose));
