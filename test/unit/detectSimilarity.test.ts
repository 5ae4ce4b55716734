// Look-alikes by similarity: TR39 homoglyphs, OCR shapes printed on purpose, per-word distance in
// multi-word marks, truncated reads, and Chinese near-names by sound, shape, swap and transliteration.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureLexicon } from '../../electron/main/service/dictionaries';
import { BrandMatcher, isLookalikeByWords, isTruncatedRead } from '../../shared/reading/brandMatcher';
import { findNearNames, unHomoglyph } from '../../shared/reading/disguisedNames';
import { nearCharacter, sameSound } from '../../shared/detect/nearCharacters';
import { chineseSkeleton, isTransliteration, latinSkeleton } from '../../shared/detect/transliteration';
import { wordsOf } from '../../shared/detect/generaliseSet';
import type { Brand } from '../../shared/types';

const lex = ensureLexicon();
const brand = (id: string, name: string, aliases: string[]): Brand => ({ id, name, aliases, gs1Prefixes: [], officialStores: [] });
// Brands of our own, named in no shipped table.
const registry = [
  brand('quorvel', 'QUORVEL', []),
  brand('palisandro', 'PALISANDRO', []),
  brand('stone-wren', 'STONE WREN', []),
  brand('meadow', 'Lanwei', ['兰维嘉']),
  brand('hemuxiang', 'Hemuxiang', ['禾木香']),
  brand('dorvani', 'DORVANI', []),
  brand('sago', 'Sago', ['西米']),
];
const m = new BrandMatcher(registry, lex);
// The dictionaries load on first use (a few seconds): not part of any one test.
beforeAll(() => {
  lex.chinese('小米');
  lex.decompose('香');
}, 60_000);
const how = (lines: string[], confidence = 92) => m.matchWords(wordsOf(lines, confidence), 'p').map((h) => `${h.brandId}:${h.kind}${h.how ? `:${h.how}` : ''}`);

describe('Latin look-alikes', () => {
  it('homoglyphs from any script are undone by TR39 confusables and mark a disguise', () => {
    expect(unHomoglyph('QUОRVЕL')).toEqual({ text: 'QUORVEL', changed: true }); // Cyrillic О, Е
    expect(unHomoglyph('ꓠꓲKE').changed).toBe(true); // Lisu letters
    expect(how(['QUОRVЕL'])).toEqual(['quorvel:lookalike:disguise']);
  });

  it('rn for m, vv for w, cl for d printed in a confident read are a disguise; unsure, the letter', () => {
    expect(how(['STONE VVREN'])).toEqual(['stone-wren:lookalike:disguise']);
    expect(how(['STONE VVREN'], 60)).toEqual(['stone-wren:alias']);
    expect(how(['CLORVANI'])).toEqual(['dorvani:lookalike:disguise']);
  });

  it('one letter changed in one word of a two-word mark, or a digit in the second word', () => {
    expect(how(['STONE WRAN'])).toEqual(['stone-wren:lookalike:spelling']);
    expect(how(['STONE WR3N'])).toEqual(['stone-wren:lookalike:disguise']);
    expect(isLookalikeByWords(['STONE', 'WRAN'], ['STONE', 'WREN'])).toBe(true);
    expect(isLookalikeByWords(['STANE', 'WRAN'], ['STONE', 'WREN'])).toBe(true);
    expect(isLookalikeByWords(['STORE', 'WRAP'], ['STONE', 'WREN'])).toBe(false); // two edits in a four-letter word
  });

  it('a long mark takes two edits; a shorter one one', () => {
    expect(how(['PALISANDOR'])).toEqual(['palisandro:lookalike:disguise']); // swapped
    expect(how(['PALESANDRA'])).toEqual(['palisandro:lookalike:spelling']); // two edits in ten letters
    expect(how(['PELESANDRA'])).toEqual([]); // three
    expect(how(['PALESENDRO'])).toEqual(['palisandro:lookalike:spelling']);
    expect(how(['QUARVAL'])).toEqual([]);
  });

  it('a read cut short of a long mark, plain and confident or spelled out with dots', () => {
    expect(isTruncatedRead('PALISAN', 'PALISANDRO')).toBe(true);
    expect(isTruncatedRead('PALIS', 'PALISANDRO')).toBe(false);
    expect(how(['PALISAND'])).toEqual(['palisandro:lookalike:truncated']);
    expect(how(['PALISAND'], 70)).toEqual([]);
    expect(how(['P.A.L.I.S.A.N.D'], 70)).toEqual(['palisandro:lookalike:truncated']);
    expect(how(['Q.U.O.R.V.E.L'])).toEqual(['quorvel:lookalike:disguise']);
  });
});

describe('Chinese near-names', () => {
  it('same or near sound from pinyin, every reading of a polyphonic character', () => {
    expect(sameSound('兰', '蓝')).toBe(true);
    expect(sameSound('兰', '南')).toBe(true); // n/l
    expect(sameSound('香', '乡')).toBe(true);
    expect(sameSound('香', '木')).toBe(false);
    expect(how(['蓝维嘉 面霜'])).toEqual(['meadow:lookalike:sound']);
  });

  it('near shape from character decompositions: the heavier part shared (惜/借), not only a radical (惜/情) in a short name', () => {
    expect(nearCharacter('借', '惜', lex)).toBe('shape');
    expect(nearCharacter('情', '惜', lex)).toBeNull();
    expect(nearCharacter('情', '惜', lex, false)).toBe('shape');
    expect(how(['禾林香'])).toEqual([]);
    expect(how(['禾木秀'])).toEqual(['hemuxiang:lookalike:shape']);
  });

  it('two characters swapped in a three-character name', () => {
    expect(findNearNames('禾香木 香薰', '禾木香', lex).near.map((n) => n.how)).toEqual(['swap']);
    expect(how(['木禾香'])).toEqual(['hemuxiang:lookalike:swap']);
  });

  it('a two-character name changed counts alone or with a suffix, not inside longer text', () => {
    expect(how(['西迷'])).toEqual(['sago:lookalike:sound']);
    expect(how(['东西迷你'])).toEqual([]);
  });

  it('transliterations of a Latin mark by consonant skeleton, not inside a longer dictionary word', () => {
    expect(latinSkeleton('DORVANI')).toBe('tlwn');
    expect(chineseSkeleton('多尔瓦尼')).toBe('tlwn');
    expect(isTransliteration('多尔瓦尼', 'DORVANI')).toBe(true);
    expect(isTransliteration('多瓦尼', 'DORVANI')).toBe(true); // r before a consonant left unsaid
    expect(isTransliteration('多尔', 'DORVANI')).toBe(false);
    expect(how(['多尔瓦尼 皮鞋'])).toEqual(['dorvani:lookalike:transliteration']);
    expect(how(['今天 天气 很好'])).toEqual([]);
  });
});
