// The ordinary-use judge: a dictionary word clears only when the parcel's context says it is used as
// that word; split evidence is 'unsure'; disguises and exact brand words in the brand's categories never clear.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLexicon } from '../../electron/main/service/dictionaries';
import { judgeOrdinaryUse } from '../../shared/detect/ordinaryUse';
import { orderOf, photoOf, wordsOf } from '../../shared/detect/generaliseSet';
import type { Brand, BrandHit, Certificate } from '../../shared/types';

const lex = ensureLexicon();
const brand = (id: string, name: string, aliases: string[], categories?: string[]): Brand => ({ id, name, aliases, gs1Prefixes: [], officialStores: [], ...(categories ? { categories } : {}) });
const amber = brand('amberly', 'Cinnabar', ['CINNABAR'], ['cosmetics']);
const millet = brand('milletco', 'Xiaomi', ['小米'], ['electronics']);
const nocats = brand('nutmegco', 'Nutmeg', ['NUTMEG']);

function judge(b: Brand, evidence: string, lines: string[], category: string, hit: Partial<BrandHit> = {}, certificates: Certificate[] = []) {
  const h: BrandHit = { brandId: b.id, brandName: b.name, kind: 'alias', matched: evidence, evidence, photoId: 'p', box: null, confidence: 90, ...hit };
  const words = wordsOf(lines);
  const c = { technique: 't', brandId: b.id, expect: 'cleared' as const, lines, category, needs: 'none' as const };
  return judgeOrdinaryUse({ hit: h, read: photoOf(words, [h], 'p'), order: orderOf(c), brand: b, certificates, lexicon: lex });
}

describe('ordinary use of a brand word', () => {
  // The dictionaries load on first use (a few seconds): not part of any one test.
  beforeAll(() => {
    lex.english('grain');
    lex.chinese('小米');
  }, 60_000);

  it('a Chinese brand name that is a grain, on a bag of food, is the grain', () => {
    const j = judge(millet, '小米', ['有机 小米 500g', '配料 小米'], 'food');
    expect(j.verdict).toBe('ordinary');
    expect(j.why.zh).toContain('小米');
    expect(j.why.en).toContain('electronics');
  });

  it('the same word on goods the brand sells in is the brand', () => {
    expect(judge(millet, '小米', ['小米 充电器'], 'electronics').verdict).toBe('brand');
  });

  it('a spice word as a flavour on a food order clears; unknown brand categories give at most unsure', () => {
    expect(judge(nocats, 'NUTMEG', ['NUTMEG FLAVOUR COOKIES', 'INGREDIENTS: FLOUR, SUGAR'], 'food').verdict).toBe('unsure');
    expect(judge({ ...nocats, categories: ['apparel'] }, 'NUTMEG', ['NUTMEG FLAVOUR COOKIES'], 'food').verdict).toBe('ordinary');
    // With no food or colour context and no categories, a dictionary word still counts as the brand.
    expect(judge(nocats, 'NUTMEG', ['NUTMEG'], 'apparel').verdict).toBe('brand');
  });

  it('certificate scopes count as the brand\'s categories', () => {
    const cert: Certificate = { id: 'c', brandId: nocats.id, sellerName: 's', sellerTaxId: 'x', validFrom: '2026-01-01', validTo: '2027-01-01', scope: ['apparel'] };
    expect(judge(nocats, 'NUTMEG', ['NUTMEG FLAVOUR COOKIES'], 'food', {}, [cert]).verdict).toBe('ordinary');
    expect(judge(nocats, 'NUTMEG', ['NUTMEG SCARF'], 'apparel', {}, [cert]).verdict).toBe('brand');
  });

  it('a colour word in a colour field of a garment, for a brand of cosmetics, is the colour', () => {
    expect(judge(amber, 'CINNABAR', ['COTTON SHIRT', 'COLOUR: CINNABAR'], 'apparel').verdict).toBe('ordinary');
  });

  it('split evidence is unsure: outside the brand\'s categories, but the tag names one of them', () => {
    const j = judge(amber, 'CINNABAR', ['CINNABAR', 'cosmetics gift set'], 'household');
    expect(j.verdict).toBe('unsure');
    expect(j.why.en).toContain('possibly ordinary use');
  });

  it('a look-alike that is a dictionary word, used as food, on the brand\'s own category is unsure, not cleared', () => {
    expect(judge(amber, 'CINNAMON', ['CINNAMON LIP BALM', 'INGREDIENTS: CINNAMON OIL'], 'cosmetics', { kind: 'lookalike', how: 'spelling' }).verdict).toBe('unsure');
  });

  it('disguises, clone marks, transliterations and invented words never clear', () => {
    expect(judge(amber, 'C1NNABAR', ['C1NNABAR RICE'], 'food', { kind: 'lookalike', how: 'disguise' }).verdict).toBe('brand');
    expect(judge(amber, 'VELMORA', ['VELMORA'], 'food').verdict).toBe('brand');
    expect(judge(millet, '晓米', ['晓米'], 'food', { kind: 'lookalike', how: 'transliteration' }).verdict).toBe('brand');
  });

  it('with no dictionary installed nothing clears', () => {
    const h: BrandHit = { brandId: millet.id, brandName: millet.name, kind: 'alias', matched: '小米', evidence: '小米', photoId: 'p', box: null, confidence: 90 };
    const c = { technique: 't', brandId: '', expect: 'cleared' as const, lines: ['小米 500g'], category: 'food', needs: 'none' as const };
    expect(judgeOrdinaryUse({ hit: h, read: null, order: orderOf(c), brand: millet, certificates: [], lexicon: null }).verdict).toBe('brand');
  });
});
