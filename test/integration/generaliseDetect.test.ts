// Issue 18 detection through real OCR: tag photos rendered from our own brands and words (none in a
// shipped table) are read by the reading worker, matched, and judged. Asserts on the detect layer
// (reader + matcher + ordinary-use judge + replica grammar); verdicts need the pipeline's use of the judge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLexicon } from '../../electron/main/service/dictionaries';
import { ReadingClient } from '../../electron/main/reading/readingClient';
import { PhotoReader } from '../../electron/main/reading/photoReader';
import { BrandMatcher } from '../../shared/reading/brandMatcher';
import { judgeOrdinaryUse } from '../../shared/detect/ordinaryUse';
import { findReplicaWording } from '../../shared/rules/replicaWording';
import { tempDir } from '../helpers/paths';
import type { Brand, Order, PhotoRead } from '../../shared/types';
import { tagPhoto } from '../helpers/tagPhoto';


const brand = (id: string, name: string, aliases: string[], categories: string[]): Brand => ({ id, name, aliases, gs1Prefixes: [], officialStores: [], categories });
const registry: Brand[] = [
  brand('quorvel', 'QUORVEL', [], ['bags']),
  brand('stone-wren', 'STONE WREN', [], ['apparel']),
  brand('palisandro', 'PALISANDRO', [], ['watches']),
  brand('lanweijia', 'Lanweijia', ['兰维嘉'], ['cosmetics']),
  brand('hemuxiang', 'Hemuxiang', ['禾木香'], ['cosmetics']),
  brand('dorvani', 'DORVANI', [], ['footwear']),
  brand('xiaomai', 'Xiaomai', ['小麦'], ['electronics']),
];
const order = (category: string, item: string): Order => ({
  orderNo: 'G1', trackingNo: 'G1', customer: 'C', item, declaredBrand: null, category, channel: 'TAOBAO', storeId: 's', storeName: 's', sellerTaxId: null, purchaseDate: '2026-11-01', amountFen: 100,
});

const TAGS: Record<string, string[]> = {
  digit: ['QUORV3L', 'GENUINE LEATHER'],
  twoWordDigit: ['STONE WR3N', 'WOOL BLEND'],
  twoWord: ['STONE WRAN', '100% COTTON'],
  dotted: ['P.A.L.I.S.A.N.D.R.O', 'SWISS MOVEMENT'],
  sound: ['蓝维嘉 面霜', '50ml'],
  swap: ['禾香木 精华', '正品保证'],
  transliteration: ['多尔瓦尼 皮鞋', '真皮'],
  replica: ['精仿 手提包', 'LJR版 篮球鞋', 'Factory overrun stock'],
  grain: ['有机 小麦 面粉', '配料 小麦', '净含量 500g'],
};

let client: ReadingClient;
const reads: Record<string, PhotoRead> = {};
const lex = ensureLexicon();

beforeAll(async () => {
  client = new ReadingClient({ dataDir: tempDir('generalise'), ocrWorkers: 1 });
  const reader = new PhotoReader(client);
  const matcher = new BrandMatcher(registry, lex);
  for (const [name, lines] of Object.entries(TAGS)) reads[name] = await reader.read(await tagPhoto(lines, 1000), `photo-${name}`, matcher);
}, 600_000);
afterAll(async () => {
  await client?.close();
});

const hitsOf = (name: string) => reads[name].brands.map((h) => `${h.brandId}:${h.kind}${h.how ? `:${h.how}` : ''}`);

describe('disguised marks read from photos', () => {
  it('a digit for a letter (also in the second word of a two-word mark), a letter changed in a two-word mark, letters split by dots', () => {
    expect(hitsOf('digit')).toContain('quorvel:lookalike:disguise');
    expect(hitsOf('twoWordDigit')).toContain('stone-wren:lookalike:disguise');
    expect(hitsOf('twoWord')).toContain('stone-wren:lookalike:spelling');
    expect(hitsOf('dotted')).toContain('palisandro:lookalike:disguise');
  });

  it('Chinese near-names: a same-sounding character, two characters swapped, a transliteration', () => {
    expect(hitsOf('sound')).toContain('lanweijia:lookalike:sound');
    expect(hitsOf('swap')).toContain('hemuxiang:lookalike:swap');
    expect(hitsOf('transliteration')).toContain('dorvani:lookalike:transliteration');
  });
});

describe('replica wording beyond the shipped phrases, read from a photo', () => {
  it('grade, slang and factory wording each hold', () => {
    const found = findReplicaWording([reads.replica], null, [], 50).map((h) => h.phrase.toLowerCase());
    expect(found).toEqual(expect.arrayContaining(['精仿', 'ljr版']));
    expect(found.some((p) => p.includes('overrun'))).toBe(true);
  });
});

describe('a brand word in ordinary use, read from a photo', () => {
  it('a grain brand word on a bag of flour is the grain; on a charger it is the brand', () => {
    const hit = reads.grain.brands.find((h) => h.brandId === 'xiaomai');
    expect(hit).toBeDefined();
    const xiaomai = registry.find((b) => b.id === 'xiaomai')!;
    expect(judgeOrdinaryUse({ hit: hit!, read: reads.grain, order: order('food', '有机小麦面粉'), brand: xiaomai, certificates: [], lexicon: lex }).verdict).toBe('ordinary');
    expect(judgeOrdinaryUse({ hit: hit!, read: reads.grain, order: order('electronics', '充电器'), brand: xiaomai, certificates: [], lexicon: lex }).verdict).toBe('brand');
  });
});
