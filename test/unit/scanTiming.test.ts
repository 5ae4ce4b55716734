import { describe, expect, it } from 'vitest';
import { classifyKeystrokes, normalizeScan } from '../../renderer/src/scanTiming';

describe('scanner or person', () => {
  it('a USB scanner sends keys a few milliseconds apart', () => {
    expect(classifyKeystrokes([0, 4, 9, 12, 17, 21, 25, 30, 34, 38, 43, 47, 51, 55])).toBe('scanner');
  });
  it('a person types a key every tenth of a second or so', () => {
    expect(classifyKeystrokes([0, 120, 260, 350, 480, 600, 700])).toBe('keyboard');
  });
  it('one slow key (the scanner paused) does not make it a person', () => {
    expect(classifyKeystrokes([0, 5, 10, 200, 205, 210, 215, 220])).toBe('scanner');
  });
  it('too few keys to tell count as typed', () => {
    expect(classifyKeystrokes([0, 2, 4])).toBe('keyboard');
  });
  it('normalises what was entered', () => {
    expect(normalizeScan('  sf 5299 8982 6725 ')).toBe('SF529989826725');
  });
});
