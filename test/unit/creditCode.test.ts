import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeRepairs, isValidCreditCode, normalizeCreditCode, readCreditCode } from '../../shared/reading/creditCode';

describe('unified social credit code', () => {
  it.each(['913355169700XRK0KJ', '91337167Y8YLQKR4YN', '913356684C6RTNLYJX', '91110000600037341L'])('accepts the valid code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('computes the check character over the first 17', () => {
    expect(creditCodeCheckChar('913356684C6RTNLYJ')).toBe('X');
  });

  it('rejects a wrong check character, a wrong length and letters the code never uses', () => {
    expect(isValidCreditCode('913356684C6RTNLYJY')).toBe(false);
    expect(isValidCreditCode('913356684C6RTNLYJ')).toBe(false);
    expect(isValidCreditCode('913356684C6RTNLYJO')).toBe(false);
  });

  it('folds letters the code never uses into the digits OCR took them for', () => {
    expect(normalizeCreditCode('9133 5668 4C6R-TNLYJX')).toBe('913356684C6RTNLYJX');
    expect(normalizeCreditCode('9I3356684C6RTNLYJX')).toBe('913356684C6RTNLYJX');
  });

  it('lists the valid codes one OCR confusion away', () => {
    // B read for the 8 in position 8.
    expect(creditCodeRepairs('9133566B4C6RTNLYJX')).toContain('913356684C6RTNLYJX');
  });

  it('repairs O for 0 through the never-used-letter fold', () => {
    expect(readCreditCode('913355169700XRKOKJ')).toMatchObject({ code: '913355169700XRK0KJ', valid: true });
  });

  it('prefers the repair that gives the code the order expects', () => {
    const expected = '913356684C6RTNLYJX';
    expect(readCreditCode('9133566B4C6RTNLYJX', [expected]).code).toBe(expected);
    // The same read against a different expected seller is not bent to fit it.
    expect(readCreditCode('9133566B4C6RTNLYJX', ['91337167Y8YLQKR4YN']).code).not.toBe('91337167Y8YLQKR4YN');
  });

  it('does not guess a repair toward no known code', () => {
    // Some one-character change of this misread happens to pass the check…
    expect(creditCodeRepairs('913356684C6RTNLYAA').length).toBeGreaterThan(0);
    // …but with no seller expecting it, the read stays invalid.
    const r = readCreditCode('913356684C6RTNLYAA');
    expect(r).toMatchObject({ valid: false, repaired: false });
    expect(readCreditCode('9133566B4C6RTNLYJX')).toMatchObject({ valid: false });
  });
});
