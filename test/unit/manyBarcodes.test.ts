// Every code on a photo of many products: all regions scanned, every distinct code kept, none misread.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { BarcodeScanner, toGray } from '../../shared/reading/barcodeScanner';
import { shelfPhoto, SHELF_CODES } from '../helpers/shelfPhoto';

describe('a photo of many products', () => {
  it('reads all 14 EAN-13 codes, tilted either way, and nothing it was not shown', { timeout: 120_000 }, async () => {
    const { data, info } = await sharp(await shelfPhoto()).greyscale().raw().toBuffer({ resolveWithObject: true });
    const found = new BarcodeScanner().scan(toGray(data, info.width, info.height, info.channels));
    expect(found.map((f) => f.text).sort()).toEqual([...SHELF_CODES].sort());
    expect(new Set(found.map((f) => f.format))).toEqual(new Set(['EAN_13']));
  });
});
