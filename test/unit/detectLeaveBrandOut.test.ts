// The leave-brand-out evaluation as a test: the generated set is big enough, the detector holds its
// variants and clears its decoys, and no shipped list can turn a HOLD into a CLEAR: emptying the
// clone-mark or phrase list, or adding every decoy to them, never clears a variant that was held.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLexicon } from '../../electron/main/service/dictionaries';
import { SHIPPED_LOOKALIKES, SHIPPED_PHRASES } from '../../electron/main/service/counterfeitLists';
import { BrandMatcher } from '../../shared/reading/brandMatcher';
import { mergeLookalikes, type CuratedLookalikes } from '../../shared/reading/cloneMarks';
import { judgeOrdinaryUse } from '../../shared/detect/ordinaryUse';
import { findReplicaWording, type ReplicaPhrase } from '../../shared/rules/replicaWording';
import { generateSet, INVENTED_BRANDS, type GeneratedSet } from '../../shared/detect/generaliseSet';
import { outcome, scoreSet, type Detector } from '../../shared/detect/generaliseScore';

const lex = ensureLexicon();
let set: GeneratedSet;
beforeAll(() => {
  set = generateSet(lex);
}, 240_000);

function detector(curated: CuratedLookalikes, phrases: readonly ReplicaPhrase[]): Detector {
  return {
    matcher: (brands, leftOut) =>
      new BrandMatcher(mergeLookalikes(brands.map((x) => (x.id === leftOut ? { ...x, lookalikes: [] } : x)), { ...curated, brands: curated.brands.filter((c) => c.brand.toLowerCase() !== leftOut) }), lex),
    judge: (i) => judgeOrdinaryUse({ ...i, certificates: [], lexicon: lex }),
    replica: (reads, item) => findReplicaWording(reads, item, phrases, 50),
  };
}

describe('leave-brand-out evaluation', () => {
  it('at least 20 invented brands (Chinese everyday words, two-word marks), 300 variants and 300 decoys', () => {
    expect(INVENTED_BRANDS.length).toBeGreaterThanOrEqual(20);
    expect(INVENTED_BRANDS.filter((b) => b.name.includes(' ')).length).toBeGreaterThanOrEqual(2);
    const words = INVENTED_BRANDS.flatMap((b) => b.aliases).filter((a) => lex.chinese(a));
    expect(words).toEqual(expect.arrayContaining(['红枣', '小麦']));
    expect(set.cases.filter((c) => c.expect === 'held').length).toBeGreaterThanOrEqual(300);
    expect(set.cases.filter((c) => c.expect === 'cleared').length).toBeGreaterThanOrEqual(300);
  });

  it('holds at least 95% of the variants and wrongly holds at most 2% of the decoys', () => {
    const rows = scoreSet(set, detector(SHIPPED_LOOKALIKES, SHIPPED_PHRASES.phrases));
    const v = rows.filter((r) => r.expect === 'held');
    const d = rows.filter((r) => r.expect === 'cleared');
    const held = v.reduce((n, r) => n + r.right, 0) / v.reduce((n, r) => n + r.n, 0);
    const wrong = d.reduce((n, r) => n + r.wrong, 0) / d.reduce((n, r) => n + r.n, 0);
    console.log(`variants held ${(held * 100).toFixed(1)}%, decoys wrongly held ${(wrong * 100).toFixed(1)}%`);
    expect(held).toBeGreaterThanOrEqual(0.95);
    expect(wrong).toBeLessThanOrEqual(0.02);
  }, 240_000);

  it('no shipped list can turn a HOLD into a CLEAR: emptied or stuffed with every decoy, held variants stay held', () => {
    const variants = set.cases.filter((c) => c.expect === 'held');
    const decoyLines = set.cases.filter((c) => c.expect === 'cleared').map((c) => c.lines[0]);
    const heldUnder = (d: Detector) => {
      const out = new Set<number>();
      const byBrand = new Map<string, ReturnType<Detector['matcher']>>();
      variants.forEach((c, i) => {
        const m = byBrand.get(c.brandId) ?? d.matcher(set.brands, c.brandId);
        byBrand.set(c.brandId, m);
        if (outcome(c, set.brands, d, m).held) out.add(i);
      });
      return out;
    };
    const base = heldUnder(detector(SHIPPED_LOOKALIKES, SHIPPED_PHRASES.phrases));
    const stuffedClones: CuratedLookalikes = {
      ...SHIPPED_LOOKALIKES,
      // Each brand takes the decoys built on it as its clone marks.
      brands: [
        ...SHIPPED_LOOKALIKES.brands,
        ...INVENTED_BRANDS.map((b) => ({
          brand: b.name,
          category: 'x',
          names: [b.name],
          lookalikes: set.cases.filter((c) => c.expect === 'cleared' && c.brandId === b.id).map((c) => ({ mark: c.lines[0].slice(0, 120), source: 'every decoy line' })),
        })),
      ],
    };
    const stuffedPhrases: ReplicaPhrase[] = [...SHIPPED_PHRASES.phrases, ...decoyLines.map((phrase) => ({ phrase: phrase.slice(0, 60), lang: 'en' as const, source: 'every decoy line' }))];
    for (const [name, d] of [
      ['no clone marks', detector({ ...SHIPPED_LOOKALIKES, brands: [] }, SHIPPED_PHRASES.phrases)],
      ['no phrases', detector(SHIPPED_LOOKALIKES, [])],
      ['every decoy a clone mark and a phrase', detector(stuffedClones, stuffedPhrases)],
    ] as const) {
      const now = heldUnder(d);
      const cleared = [...base].filter((i) => !now.has(i)).map((i) => variants[i].lines[0]);
      expect(cleared, name).toEqual([]);
    }
  }, 480_000);

  it('the judge and the matcher read no shipped list of ordinary words', () => {
    const dir = path.resolve(__dirname, '../../resources/counterfeit');
    expect(fs.readdirSync(dir).sort()).toEqual(['cjk-variants.json', 'lookalikes.json', 'replica-grammar.json', 'replica-phrases.json']);
    for (const f of ['shared/detect/ordinaryUse.ts', 'shared/detect/lexicon.ts', 'shared/reading/brandMatcher.ts']) {
      expect(fs.readFileSync(path.resolve(__dirname, '../..', f), 'utf8'), f).not.toMatch(/ordinary-words|resources\/counterfeit\/(?!cjk-variants)/);
    }
  });
});
