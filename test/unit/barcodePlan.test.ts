// The barcode stage's plan: the formats a kind of photo is searched for, when a search may stop,
// one read per symbol, and UPC codes named as printed.
import { describe, expect, it } from 'vitest';
import { dedupeReads, expectedCodeFound, FORMATS_FOR_KIND, kindFromName, searchFapiaoCorner } from '../../shared/reading/barcodePlan';
import { upcAToUpcE, upcEToUpcA } from '../../shared/reading/upcE';
import { appFormat, asPrinted } from '../../electron/main/reading/zxingCpp';
import type { BarcodeRead } from '../../shared/types';

const read = (format: BarcodeRead['format'], text: string, x = 0, y = 0, w = 100, h = 40): BarcodeRead => ({ format, text, box: { x, y, w, h } });

describe('the kind a photo name announces', () => {
  it.each([
    ['P0001-1-waybill.jpg', 'waybill'],
    ['ups-label.png', 'waybill'],
    ['顺丰面单.jpg', 'waybill'],
    ['P0001-2-tag.jpg', 'tag'],
    ['P0008-3-invoice.jpg', 'invoice'],
    ['jd-fapiao.png', 'invoice'],
    ['电子发票.png', 'invoice'],
    ['camera-2026-12-07T02:00:00.000Z.jpg', 'unknown'],
    ['stage.jpg', 'unknown'],
    ['catalogue.jpg', 'unknown'],
  ] as const)('%s → %s', (name, kind) => expect(kindFromName(name)).toBe(kind));
});

describe('formats per kind', () => {
  it('asks a tag for retail codes only, a waybill for Code 128 and QR, an invoice for QR', () => {
    expect(FORMATS_FOR_KIND.tag).toEqual(['EAN13', 'EAN8', 'UPCA', 'UPCE']);
    expect(FORMATS_FOR_KIND.waybill).toEqual(['Code128', 'QRCode']);
    expect(FORMATS_FOR_KIND.invoice).toEqual(['QRCode']);
    expect(FORMATS_FOR_KIND.unknown).toEqual(expect.arrayContaining(['Code128', 'EAN13', 'QRCode', 'DataMatrix', 'PDF417', 'Code39', 'ITF']));
  });
  it('searches the fapiao corner first only where a photo can be a fapiao', () => {
    expect([searchFapiaoCorner('invoice'), searchFapiaoCorner('unknown'), searchFapiaoCorner('tag'), searchFapiaoCorner('waybill')]).toEqual([true, true, false, false]);
  });
});

describe('the expected code', () => {
  it('is a tracking Code 128 on a waybill, not any Code 128', () => {
    expect(expectedCodeFound('waybill', [read('CODE_128', 'R-12')])).toBe(false);
    expect(expectedCodeFound('waybill', [read('CODE_128', 'SF529989826725')])).toBe(true);
    expect(expectedCodeFound('waybill', [read('QR_CODE', 'SF529989826725')])).toBe(false);
  });
  it('is a retail code on a tag and a fapiao QR on an invoice', () => {
    expect(expectedCodeFound('tag', [read('UPC_E', '01234565')])).toBe(true);
    expect(expectedCodeFound('tag', [read('CODE_128', '01234565')])).toBe(false);
    expect(expectedCodeFound('invoice', [read('QR_CODE', 'https://example.invalid')])).toBe(false);
    expect(expectedCodeFound('invoice', [read('QR_CODE', '01,32,,26332000000184476815,2183.00,20261021,,6C1A,')])).toBe(true);
  });
  it('is anything on a photo of unknown kind, and nothing is not enough', () => {
    expect(expectedCodeFound('unknown', [])).toBe(false);
    expect(expectedCodeFound('unknown', [read('ITF', '12345678')])).toBe(true);
  });
});

describe('one read per symbol', () => {
  it('joins a symbol reported twice, keeps one product shown twice side by side', () => {
    const reads = [read('EAN_13', '6901234567892', 100, 100), read('EAN_13', '6901234567892', 104, 98), read('EAN_13', '6901234567892', 400, 100), read('EAN_8', '6901234567892', 100, 100)];
    expect(dedupeReads(reads)).toEqual([reads[0], reads[2], reads[3]]);
  });
});

describe('format names', () => {
  it('names zxing-cpp’s variants by their family, and leaves formats the app does not read out', () => {
    expect(['Code39', 'Code39Ext', 'Code39Std', 'ITF14', 'QRCodeModel2', 'CompactPDF417', 'EAN13', 'UPCE'].map(appFormat)).toEqual([
      'CODE_39', 'CODE_39', 'CODE_39', 'ITF', 'QR_CODE', 'PDF_417', 'EAN_13', 'UPC_E',
    ]);
    expect(appFormat('Aztec')).toBeUndefined();
    expect(appFormat('MicroQRCode')).toBe('QR_CODE');
  });
});

describe('UPC codes as printed', () => {
  it('compresses a UPC-A to its UPC-E where one exists, and back', () => {
    for (const e of ['01234565', '00123457', '04252614', '01234531', '01234548', '01234575']) {
      const a = upcEToUpcA(e);
      expect(upcAToUpcE(a)).toBe(e);
    }
    expect(upcAToUpcE('036602301467')).toBeNull();
    expect(upcAToUpcE('abc')).toBeNull();
  });
  it('names zxing-cpp’s 13-digit forms the way the app always has', () => {
    expect(asPrinted('UPC_E', '0012345000065')).toEqual({ format: 'UPC_E', text: '01234565' });
    expect(asPrinted('UPC_A', '0036602301467')).toEqual({ format: 'UPC_A', text: '036602301467' });
    // A Nike tag's UPC-A, as zxing-cpp reports it when asked for EAN-13 too.
    expect(asPrinted('EAN_13', '0883412772044')).toEqual({ format: 'UPC_A', text: '883412772044' });
    expect(asPrinted('EAN_13', '6901234567892')).toEqual({ format: 'EAN_13', text: '6901234567892' });
    expect(asPrinted('CODE_128', '0036602301467')).toEqual({ format: 'CODE_128', text: '0036602301467' });
  });
});
