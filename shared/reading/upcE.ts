// A UPC-E row decoder on @zxing/library's one-dimensional reader.
// Its own UPCEReader (0.23.0) never decodes: decodeMiddle returns a number where decodeRow expects
// { rowOffset, resultString }, the digits it finds are dropped, decodeRow checks the EAN end guard
// and the EAN checksum instead of UPC-E's, and convertUPCEtoUPCA compares character codes with
// digits (zxing-js/library issues #573, #576). This decoder follows ZXing's Java UPCEReader, using
// the library's own guard and digit matchers through EAN13Reader (they are static on its base class).
import { BarcodeFormat, ChecksumException, EAN13Reader, NotFoundException, OneDReader, Result, ResultPoint, type ZxBitArray, type ZxHint } from './zxing';

/** The parity pattern of the six digits gives the number system (0 or 1) and the check digit. */
const NUMSYS_AND_CHECK = [
  [0x38, 0x34, 0x32, 0x31, 0x2c, 0x26, 0x23, 0x2a, 0x29, 0x25],
  [0x07, 0x0b, 0x0d, 0x0e, 0x13, 0x19, 0x1c, 0x15, 0x16, 0x1a],
];
/** UPC-E ends with 010101 (no middle guard, no right half). */
const END_PATTERN = Int32Array.from([1, 1, 1, 1, 1, 1]);

/** The UPC-A a UPC-E code stands for (8 digits in: number system, six digits, check). */
export function upcEToUpcA(upce: string): string {
  const d = upce.slice(1, 7);
  const last = d[5];
  let body: string;
  if (last <= '2') body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
  else if (last === '3') body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
  else if (last === '4') body = `${d.slice(0, 4)}00000${d[4]}`;
  else body = `${d.slice(0, 5)}0000${last}`;
  return `${upce[0]}${body}${upce.length >= 8 ? upce[7] : ''}`;
}

/**
 * The 8-digit UPC-E a 12-digit UPC-A compresses to, or null when it has no UPC-E form. zxing-cpp
 * gives a UPC-E as its 13-digit EAN form; the app names it as printed, as its UPC-E reader does.
 */
export function upcAToUpcE(upca: string): string | null {
  if (!/^[01]\d{11}$/.test(upca)) return null;
  const m = upca.slice(1, 6);
  const p = upca.slice(6, 11);
  const candidates = [
    `${m.slice(0, 2)}${p.slice(2, 5)}${m[2]}`,
    `${m.slice(0, 3)}${p.slice(3, 5)}3`,
    `${m.slice(0, 4)}${p[4]}4`,
    `${m}${p[4]}`,
  ];
  for (const body of candidates) {
    const upce = `${upca[0]}${body}${upca[11]}`;
    if (upcEToUpcA(upce) === upca) return upce;
  }
  return null;
}

function upcChecksumOk(s: string): boolean {
  let sum = 0;
  for (let i = s.length - 2, odd = true; i >= 0; i--, odd = !odd) sum += Number(s[i]) * (odd ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(s[s.length - 1]);
}

// The library's matchers are static members of its UPC/EAN base class, which it does not export.
const U = EAN13Reader as unknown as {
  findStartGuardPattern(row: ZxBitArray): Int32Array;
  findGuardPattern(row: ZxBitArray, offset: number, whiteFirst: boolean, pattern: Int32Array, counters: Int32Array): Int32Array;
  decodeDigit(row: ZxBitArray, counters: Int32Array, offset: number, patterns: Int32Array[]): number;
  L_AND_G_PATTERNS: Int32Array[];
};

export class UpcEReader extends OneDReader {
  private readonly counters = new Int32Array(4);

  decodeRow(rowNumber: number, row: ZxBitArray, _hints?: Map<ZxHint, unknown>): InstanceType<typeof Result> {
    const start = U.findStartGuardPattern(row);
    const counters = this.counters;
    let offset = start[1];
    let digits = '';
    let parity = 0;
    for (let x = 0; x < 6 && offset < row.getSize(); x++) {
      counters.fill(0);
      const best = U.decodeDigit(row, counters, offset, U.L_AND_G_PATTERNS);
      digits += String(best % 10);
      for (const c of counters) offset += c;
      if (best >= 10) parity |= 1 << (5 - x);
    }
    if (digits.length !== 6) throw new NotFoundException();
    let text: string | null = null;
    for (let numSys = 0; numSys <= 1 && !text; numSys++) {
      const check = NUMSYS_AND_CHECK[numSys].indexOf(parity);
      if (check >= 0) text = `${numSys}${digits}${check}`;
    }
    if (!text) throw new NotFoundException();
    const end = U.findGuardPattern(row, offset, true, END_PATTERN, new Int32Array(END_PATTERN.length));
    // A quiet zone after the code at least as wide as its end guard.
    const quietEnd = end[1] + (end[1] - end[0]);
    if (quietEnd >= row.getSize() || !row.isRange(end[1], quietEnd, false)) throw new NotFoundException();
    // A UPC-E is 51 modules from its start guard (3) to the end of its end guard (6): six digits of
    // seven between. Texture that happens to pass the digit matcher rarely keeps that proportion,
    // and an 8-digit code with one check digit has little else to refuse a false read.
    const fromStart = (start[1] - start[0]) / 3;
    const fromEnd = (end[1] - end[0]) / 6;
    const module = (end[1] - start[0]) / 51;
    if (Math.abs(fromStart - module) > module * 0.35 || Math.abs(fromEnd - module) > module * 0.35) throw new NotFoundException();
    // Quiet zones of at least five modules each side (the symbology asks for 9 and 7).
    const q = Math.round(module * 5);
    if (start[0] - q < 0 || !row.isRange(start[0] - q, start[0], false)) throw new NotFoundException();
    if (end[1] + q >= row.getSize() || !row.isRange(end[1], end[1] + q, false)) throw new NotFoundException();
    if (!upcChecksumOk(upcEToUpcA(text))) throw new ChecksumException();
    const points = [new ResultPoint((start[0] + start[1]) / 2, rowNumber), new ResultPoint((end[0] + end[1]) / 2, rowNumber)];
    return new Result(text, new Uint8Array(0), 0, points, BarcodeFormat.UPC_E, Date.now());
  }
}
