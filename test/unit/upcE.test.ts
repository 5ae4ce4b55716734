// UPC-E decodes (the library's own UPC-E reader never does) and expands to its UPC-A.
import { describe, expect, it } from 'vitest';
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';
import { BarcodeScanner, toGray } from '../../shared/reading/barcodeScanner';
import { rotate90 } from '../../shared/reading/grayImage';
import { upcEToUpcA } from '../../shared/reading/upcE';

async function rendered(bcid: string, text: string) {
  const png: Buffer = await bwipjs.toBuffer({ bcid, text, scale: 3, height: 12, includetext: true, paddingwidth: 12, paddingheight: 8, backgroundcolor: 'FFFFFF' });
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return toGray(data, info.width, info.height, info.channels);
}

describe('UPC-E', () => {
  it.each([
    ['01234565', '012345000065'],
    ['00123457', '001234000057'],
    ['01234531', '012300000451'],
    ['00123426', '001200002346'],
    ['04252614', '042100005264'],
  ])('%s stands for the UPC-A %s', (e, a) => {
    expect(upcEToUpcA(e)).toBe(a);
  });

  it.each(['01234565', '00123457', '11234562'])('decodes %s upright and upside down', async (code) => {
    const img = await rendered('upce', code);
    const scanner = new BarcodeScanner();
    for (const turns of [0, 2]) {
      const found = scanner.scan(rotate90(img, turns));
      expect(found.map((f) => `${f.format} ${f.text}`)).toContain(`UPC_E ${code}`);
    }
  });

  it('does not take an EAN-8 for a UPC-E', async () => {
    const found = new BarcodeScanner().scan(await rendered('ean8', '96385074'));
    expect(found.map((f) => `${f.format} ${f.text}`)).toEqual(['EAN_8 96385074']);
  });
});
