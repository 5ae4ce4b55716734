// The fapiao QR payload: both grammars read, and malformed payloads refused with a reason.
import { describe, expect, it } from 'vitest';
import { formatFapiaoQr, parseFapiaoQr } from '../../shared/reading/fapiaoQr';

describe('fapiao QR payload', () => {
  it('reads an older VAT e-invoice (普票): code, 8-digit number, pre-tax amount, date, check code', () => {
    expect(parseFapiaoQr('01,10,044031900111,12345678,1932.74,20261021,12345678901234567890,A1B2,')).toEqual({
      ok: true,
      value: { grammar: 'vat', type: '10', invoiceCode: '044031900111', invoiceNo: '12345678', amountFen: 193274, amountKind: 'pretax', date: '2026-10-21', checkCode: '12345678901234567890' },
    });
  });

  it('reads a 专票 with no check code and a 10-digit code', () => {
    const r = parseFapiaoQr('01,01,3300194130,00512345,100,20250101,,7F3C');
    expect(r).toMatchObject({ ok: true, value: { invoiceCode: '3300194130', invoiceNo: '00512345', amountFen: 10000, checkCode: null } });
  });

  it('reads a 数电票: empty code, 20-digit number, the total with tax', () => {
    expect(parseFapiaoQr('01,32,,26427000000316294884,100.76,20260330,,5F98')).toEqual({
      ok: true,
      value: { grammar: 'digital', type: '32', invoiceCode: null, invoiceNo: '26427000000316294884', amountFen: 10076, amountKind: 'total', date: '2026-03-30', checkCode: null },
    });
  });

  it.each([
    ['not a fapiao at all', 'https://example.com/x', /fields/],
    ['another version', '02,10,044031900111,12345678,1.00,20261021,1,A', /version/],
    ['a letter in the type', '01,1A,044031900111,12345678,1.00,20261021,1,A', /type/],
    ['an amount with three decimals', '01,10,044031900111,12345678,1.005,20261021,1,A', /amount/],
    ['a day that does not exist', '01,10,044031900111,12345678,1.00,20260231,1,A', /date/],
    ['a 数电票 number of 19 digits', '01,32,,2642700000031629488,1.00,20260330,,5F98', /20-digit/],
    ['an empty code on an old type', '01,10,,26427000000316294884,1.00,20260330,,5F98', /not a 数电票 type/],
    ['an 11-digit invoice code', '01,10,04403190011,12345678,1.00,20261021,1,A', /invoice code/],
    ['a 9-digit number beside a code', '01,10,044031900111,123456789,1.00,20261021,1,A', /8 digits/],
    ['too many fields', '01,10,044031900111,12345678,1.00,20261021,1,A,B,C', /at most 8/],
  ])('refuses %s, saying why', (_n, text, why) => {
    const r = parseFapiaoQr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('formats what it parses', () => {
    const text = formatFapiaoQr({ type: '32', invoiceCode: null, invoiceNo: '26427000000316294884', amountFen: 218300, date: '2026-10-21', checkCode: null, hash: '5F98' });
    expect(text).toBe('01,32,,26427000000316294884,2183.00,20261021,,5F98');
    expect(parseFapiaoQr(text)).toMatchObject({ ok: true, value: { amountFen: 218300 } });
  });
});
