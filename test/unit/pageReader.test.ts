// The pure parts of the PP-OCR page reader: splitting a recognised line into words with boxes,
// which lines go to tesseract for their spaces, and when a page lies on its side.
import { describe, expect, it } from 'vitest';
import { agreedSpacing, isColumnOfCharacters, isLatinOnly, isSideways, spacingInDoubt, upsideDownVote, wordsOf } from '../../electron/main/reading/ppocr/pageReader';
import type { RecChar } from '../../electron/main/reading/ppocr/ppocrEngine';

/** Characters 10 px apart, each 8 px wide. */
const chars = (s: string): RecChar[] => [...s].map((ch, i) => ({ ch, p: 0.9, x0: i * 10, x1: i * 10 + 8 }));

describe('wordsOf', () => {
  it('splits at the spaces tesseract found, boxes spanning each word’s characters', () => {
    const words = wordsOf(chars('GENUINELEATHER'), 'GENUINE LEATHER');
    expect(words.map((w) => w.text)).toEqual(['GENUINE', 'LEATHER']);
    expect(words[0]).toMatchObject({ x0: 0, x1: 68 });
    expect(words[1]).toMatchObject({ x0: 70, x1: 138 });
  });

  it('splits where Chinese meets Latin or digits, and at the model’s own spaces', () => {
    expect(wordsOf(chars('MUJI香薰机'), null).map((w) => w.text)).toEqual(['MUJI', '香薰机']);
    expect(wordsOf(chars('42号仓 A5'), null).map((w) => w.text)).toEqual(['42', '号仓', 'A5']);
  });

  it('keeps a line whole when nothing separates it', () => {
    expect(wordsOf(chars('913356684C6RTNLYJX'), null).map((w) => w.text)).toEqual(['913356684C6RTNLYJX']);
  });
});

describe('isLatinOnly', () => {
  it('sends Latin lines to tesseract, never a line with Chinese', () => {
    expect(isLatinOnly('GENUINE LEATHER')).toBe(true);
    expect(isLatinOnly('Nike官方旗舰店')).toBe(false);
    expect(isLatinOnly('6940403954354')).toBe(false);
  });
});

describe('spacingInDoubt', () => {
  it('doubts a long run of letters and a capital after a small letter: words run together', () => {
    expect(spacingInDoubt('GENUINELEATHERWALLET')).toBe(true);
    expect(spacingInDoubt('SFEXPRESS')).toBe(true);
    expect(spacingInDoubt('theCosmicVoid')).toBe(true);
    expect(spacingInDoubt('Keepawayfromfire')).toBe(true);
    expect(spacingInDoubt('STONEWR3N')).toBe(true);
  });

  it('trusts a short word, a code, and a line the model spaced itself', () => {
    expect(spacingInDoubt('MUJI')).toBe(false);
    expect(spacingInDoubt('SF529989826725')).toBe(false);
    expect(spacingInDoubt('The quick brown fox jumps over the lazy dog')).toBe(false);
    expect(spacingInDoubt('Tax(RM)')).toBe(false);
    expect(spacingInDoubt('STYLE3953')).toBe(false);
  });
});

describe('isSideways', () => {
  const box = (w: number, h: number) => ({ x: 0, y: 0, w, h, score: 0.9 });
  it('calls a page sideways when tall line boxes carry the text', () => {
    expect(isSideways([box(30, 400), box(28, 300), box(30, 30)])).toBe(true);
    expect(isSideways([box(400, 30), box(300, 28), box(30, 300)])).toBe(false);
    expect(isSideways([])).toBe(false);
  });
});

describe('upsideDownVote', () => {
  const box = (w: number) => ({ x: 0, y: 0, w, h: 30, score: 0.9 });
  it('weighs each line’s vote by its width', () => {
    // Two short lines say upside down, one long line says upright: the long line wins.
    expect(upsideDownVote([box(100), box(100), box(400)], [0.9, 0.9, 0.1], null)).toBe(false);
    expect(upsideDownVote([box(100), box(100), box(400)], [0.1, 0.1, 0.9], null)).toBe(true);
  });

  it('on a few lines, counts a line only as far as its two answers (as shown and turned over) agree', () => {
    // The classifier says "upside down" both ways for the long line: it cannot tell, so it carries
    // no weight, and the short line, sure both ways that it is upside down, decides.
    expect(upsideDownVote([box(400), box(100)], [0.95, 0.9], [0.95, 0.1])).toBe(true);
    // Without the turned-over answers the long line's lean would have won the other way round.
    expect(upsideDownVote([box(400), box(100)], [0.2, 0.9], null)).toBe(false);
    expect(upsideDownVote([box(400), box(100)], [0.2, 0.9], [0.8, 0.1])).toBe(false);
    expect(upsideDownVote([], [], [])).toBe(false);
  });
});

describe('isColumnOfCharacters', () => {
  const at = (x: number, y: number, w = 60, h = 70) => ({ x, y, w, h, score: 0.9 });
  it('sees a few square character boxes stacked down the page', () => {
    // 韩国小馆 turned a quarter: detection found three of its characters, one under the other.
    expect(isColumnOfCharacters([at(10, 10, 57, 77), at(14, 95, 48, 63), at(8, 170, 64, 72)])).toBe(true);
    // As found on the corpus's 韩国小馆 turned 270°: its second character missed, a gap in the column.
    expect(isColumnOfCharacters([at(9, 13, 57, 77), at(10, 205, 48, 63), at(4, 285, 64, 72)])).toBe(true);
  });

  it('not characters side by side, a line box, a lone character or scattered marks', () => {
    expect(isColumnOfCharacters([at(10, 10), at(80, 12), at(150, 9)])).toBe(false);
    expect(isColumnOfCharacters([at(10, 10, 300, 40), at(10, 60)])).toBe(false);
    expect(isColumnOfCharacters([at(10, 10)])).toBe(false);
    expect(isColumnOfCharacters([at(10, 10), at(12, 400)])).toBe(false);
  });
});

describe('agreedSpacing', () => {
  it('takes tesseract’s spaces only when its characters are exactly the model’s', () => {
    expect(agreedSpacing('GENUINELEATHERWALLET', 'GENUINE  LEATHER WALLET\n')).toBe('GENUINE LEATHER WALLET');
    // One letter read differently (l for I): the model's reading stands, unspaced.
    expect(agreedSpacing('GENUINELEATHERWALLET', 'GENUlNE LEATHER WALLET')).toBeNull();
    expect(agreedSpacing('GUCCI', '')).toBeNull();
  });
});
