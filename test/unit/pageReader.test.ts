// The pure parts of the PP-OCR page reader: splitting a recognised line into words with boxes,
// which lines go to tesseract for their spaces, and when a page lies on its side.
import { describe, expect, it } from 'vitest';
import { agreedSpacing, isLatinOnly, isSideways, wordsOf } from '../../electron/main/reading/ppocr/pageReader';
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

describe('isSideways', () => {
  const box = (w: number, h: number) => ({ x: 0, y: 0, w, h, score: 0.9 });
  it('calls a page sideways when tall line boxes carry the text', () => {
    expect(isSideways([box(30, 400), box(28, 300), box(30, 30)])).toBe(true);
    expect(isSideways([box(400, 30), box(300, 28), box(30, 300)])).toBe(false);
    expect(isSideways([])).toBe(false);
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
