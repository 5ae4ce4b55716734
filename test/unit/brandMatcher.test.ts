import { describe, expect, it } from 'vitest';
import { BrandMatcher, expandUpcE, isLookalikeSpelling, toGtin } from '../../shared/reading/brandMatcher';
import { ensureLexicon } from '../../electron/main/service/dictionaries';
import type { Brand, WordRead } from '../../shared/types';

const brands: Brand[] = [
  { id: 'nike', name: 'Nike', aliases: ['NIKE', '耐克'], gs1Prefixes: ['0883412', '0194501'], officialStores: [] },
  { id: 'burberry', name: 'Burberry', aliases: ['BURBERRY', '博柏利'], gs1Prefixes: ['5045480'], officialStores: [] },
  { id: 'muji', name: 'MUJI', aliases: ['MUJI', '无印良品'], gs1Prefixes: ['4547315'], officialStores: [] },
  { id: 'goodsmile', name: 'Good Smile Company', aliases: ['GOOD SMILE COMPANY', 'GOODSMILE', '好微笑'], gs1Prefixes: ['4580416'], officialStores: [] },
];
ensureLexicon();
const matcher = new BrandMatcher(brands);

/** Words on one line, laid out left to right with normal spacing. */
function line(text: string, confidence = 90, lineNo = 0): WordRead[] {
  let x = 0;
  return text.split(' ').map((t) => {
    const w = { text: t, confidence, box: { x, y: 100 * lineNo, w: t.length * 20, h: 30 }, line: lineNo };
    x += t.length * 20 + 18;
    return w;
  });
}

const hits = (text: string) => matcher.matchWords(line(text), 'p1').map((h) => `${h.brandId}:${h.kind}`);

describe('brand marks in text', () => {
  it.each([
    ['BURBERRY', 'burberry:alias'],
    ['burberry scarf', 'burberry:alias'],
    ['B U R B E R R Y'.replace(/ /g, ''), 'burberry:alias'],
    ['BURB3RRY', 'burberry:lookalike'],
    ['BURBERRRY', 'burberry:lookalike'],
    ['BURBERY', 'burberry:lookalike'],
    ['BURBERYY', 'burberry:lookalike'],
    ['NIKE AIR', 'nike:alias'],
    // A digit for a letter in a confident read is a disguise (issue 10): see counterfeitMarks.test.ts.
    ['N1KE', 'nike:lookalike'],
    ['MUJl', 'muji:alias'],
    ['Good Smile Company', 'goodsmile:alias'],
    ['GOODSMILE', 'goodsmile:alias'],
    ['G00DSMILE', 'goodsmile:lookalike'],
  ])('%s → %s', (text, expected) => {
    expect(hits(text)).toContain(expected);
  });

  it.each(['NIKKEI', 'MADE IN CHINA', 'STYLE 3953', 'BERRY', 'NIKES', 'MUJIN', 'SMILE', 'mike', 'HIKE'])('%s is no brand', (text) => {
    expect(hits(text)).toEqual([]);
  });

  it('an unsure read of a digit for a letter is the letter (OCR), so the brand itself', () => {
    expect(matcher.matchWords(line('N1KE', 60), 'p').map((h) => `${h.brandId}:${h.kind}`)).toEqual(['nike:alias']);
    expect(matcher.matchWords(line('G00DSMILE', 70), 'p').map((h) => `${h.brandId}:${h.kind}`)).toEqual(['goodsmile:alias']);
  });

  it('short names never match as look-alikes', () => {
    expect(isLookalikeSpelling('NIXE', 'NIKE')).toBe(true); // the spelling test alone…
    expect(hits('NIXE')).toEqual([]); // …but NIKE has four letters: exact matches only
  });

  it('a long mark read cut short is its truncated look-alike only when the word was read confidently', () => {
    expect(matcher.matchWords(line('BURBERR', 90), 'p').map((h) => `${h.brandId}:${h.kind}:${h.how}`)).toEqual(['burberry:lookalike:truncated']);
    expect(matcher.matchWords(line('BURBERR', 70), 'p')).toEqual([]);
    expect(hits('BURBE')).toEqual([]); // under 70% of the mark
  });

  it('a short mark keeps its first and last letters: other names are not its look-alikes', () => {
    const m = new BrandMatcher([{ id: 'gucci', name: 'Gucci', aliases: ['GUCCI'], gs1Prefixes: [], officialStores: [] }]);
    expect(m.matchWords(line('PUCCI'), 'p')).toEqual([]);
    expect(m.matchWords(line('GUCHI'), 'p').map((h) => h.how)).toEqual(['spelling']);
  });

  it('does not join two ordinary words into a brand', () => {
    // "GOOD SMILE" with a normal word gap is two words, not the GOODSMILE mark.
    expect(hits('HAVE A GOOD SMILE')).toEqual([]);
  });

  it('finds Chinese brand names inside Chinese text, with OCR spacing', () => {
    expect(hits('无 印 良品 专柜 同 款')).toContain('muji:alias');
    expect(hits('耐克 运动鞋')).toContain('nike:alias');
    expect(hits('耐用 运动鞋')).toEqual([]);
  });

  it('finds a brand written in katakana', () => {
    const m = new BrandMatcher([{ id: 'uniqlo', name: 'UNIQLO', aliases: ['ユニクロ', '优衣库'], gs1Prefixes: [], officialStores: [] }]);
    expect(m.matchWords(line('ユニクロ 綿100%'), 'p').map((h) => h.brandId)).toEqual(['uniqlo']);
  });

  it('keeps the box and confidence of the words it cites', () => {
    const [h] = matcher.matchWords(line('XX BURBERRY', 77), 'p9');
    expect(h).toMatchObject({ photoId: 'p9', evidence: 'BURBERRY', confidence: 77 });
    expect(h.box).toEqual({ x: 58, y: 0, w: 160, h: 30 });
  });

  it('drops a look-alike where another pass read the same mark exactly', () => {
    const words = [...line('BURBERRY', 90, 0), ...line('BURB3RRY', 90, 1).map((w) => ({ ...w, box: { ...w.box, y: 2 } }))];
    expect(matcher.matchWords(words, 'p').map((h) => h.kind)).toEqual(['alias']);
  });
});

describe('GS1 company prefixes', () => {
  it('names the brand of an EAN-13 and of a UPC-A (leading zero)', () => {
    const h = matcher.matchBarcodes(
      [
        { format: 'EAN_13', text: '4547315887965', box: { x: 0, y: 0, w: 1, h: 1 } },
        { format: 'UPC_A', text: '883412772044', box: { x: 0, y: 0, w: 1, h: 1 } },
        { format: 'EAN_13', text: '6924638558914', box: { x: 0, y: 0, w: 1, h: 1 } },
        { format: 'CODE_128', text: '4547315887965', box: { x: 0, y: 0, w: 1, h: 1 } },
      ],
      'p',
    );
    expect(h.map((x) => `${x.brandId}:${x.matched}`)).toEqual(['muji:4547315', 'nike:0883412']);
  });

  it('expands UPC-E to its GTIN', () => {
    expect(expandUpcE('01234565')).toBe('012345000065');
    expect(toGtin({ format: 'UPC_E', text: '01234565', box: { x: 0, y: 0, w: 0, h: 0 } })).toBe('0012345000065');
  });
});
