// The reading process's barcode stage on real pixels: zxing-cpp from its local .wasm file, asked
// for the formats a photo's kind carries, every symbol on a multi-code photo, and no pass more than
// the photo needs (the passes run are reported, so a skipped pass is seen, not timed).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';
import { CppBarcodeService } from '../../electron/main/reading/barcodeService';
import { PUBLIC_PACK, ROOT } from '../helpers/paths';
import { shelfPhoto, SHELF_CODES } from '../helpers/shelfPhoto';
import type { PhotoKind } from '../../shared/types';

const service = new CppBarcodeService();

async function scan(image: Buffer | string, kind: PhotoKind) {
  const { data, info } = await sharp(image).rotate().flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return service.scan(data, info.width, info.height, kind);
}

/** A shipping label with two Code 128 (the carrier's routing code and the tracking number), slightly tilted. */
async function twoCodeLabel(): Promise<Buffer> {
  const code = (text: string) => bwipjs.toBuffer({ bcid: 'code128', text, scale: 3, height: 18, includetext: true, backgroundcolor: 'FFFFFF' });
  const [route, tracking] = await Promise.all([code('420100359401'), code('1Z11100L0708091011')]);
  return sharp({ create: { width: 1400, height: 1100, channels: 3, background: '#f4f4f0' } })
    .composite([
      { input: route, left: 120, top: 150 },
      { input: tracking, left: 160, top: 600 },
    ])
    .jpeg({ quality: 88 })
    .toBuffer()
    .then((b) => sharp(b).rotate(4, { background: '#f4f4f0' }).jpeg({ quality: 88 }).toBuffer());
}

describe('the barcode stage (zxing-cpp first)', () => {
  it('reads every EAN-13 on a shelf of 14 products in one pass, and nothing else', async () => {
    const r = await scan(await shelfPhoto(), 'tag');
    expect(r.barcodes.map((b) => b.text).sort()).toEqual([...SHELF_CODES].sort());
    expect(new Set(r.barcodes.map((b) => b.format))).toEqual(new Set(['EAN_13']));
    expect(r.passes).toEqual(['fine']);
  });

  it('reads both Code 128 on a shipping label', async () => {
    const r = await scan(await twoCodeLabel(), 'waybill');
    expect(r.barcodes.filter((b) => b.format === 'CODE_128').map((b) => b.text).sort()).toEqual(['1Z11100L0708091011', '420100359401']);
    expect(r.passes).toEqual(['fine']);
  });

  it('stops at the tracking code on a pack waybill; a tag is never asked for QR codes', async () => {
    const waybill = await scan(path.join(PUBLIC_PACK, 'photos', 'P0001-1-waybill.jpg'), 'waybill');
    expect(waybill.barcodes.map((b) => `${b.format} ${b.text}`)).toContain('CODE_128 SF529989826725');
    expect(waybill.passes).toEqual(['fine']);
    // A QR on a tag is not what a tag is searched for.
    const qr = await bwipjs.toBuffer({ bcid: 'qrcode', text: 'https://example.invalid/p/1', scale: 6, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' });
    const tag = await scan(qr, 'tag');
    expect(tag.barcodes.filter((b) => b.format === 'QR_CODE')).toEqual([]);
    const unknown = await scan(qr, 'unknown');
    expect(unknown.barcodes.map((b) => b.text)).toEqual(['https://example.invalid/p/1']);
  });

  it('finds the fapiao QR in its corner without searching the whole invoice', async () => {
    const expected = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'fapiao-qr.json'), 'utf8')) as { payload: string };
    const r = await scan(path.join(ROOT, 'test', 'fixtures', 'fapiao-qr.jpg'), 'unknown');
    expect(r.barcodes.map((b) => b.text)).toEqual([expected.payload]);
    expect(r.passes).toEqual(['corner']);
  });

  it('ends the search on an invoice with nothing barcode-like after the corner and a quick look', async () => {
    const r = await scan(path.join(PUBLIC_PACK, 'photos', 'P0008-3-invoice.jpg'), 'invoice');
    expect(r.barcodes).toEqual([]);
    expect(r.passes).toEqual(['corner', 'quick']);
  });

  it('searches on after a quick look that found a code, when it is not the fapiao’s', async () => {
    // An invoice-sized photo with a QR away from the corner, a little soft.
    const qr = await bwipjs.toBuffer({ bcid: 'qrcode', text: 'https://example.invalid/fapiao/2026/000123', scale: 3, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' });
    const page = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#ffffff' } })
      .composite([{ input: qr, left: 1200, top: 600 }])
      .blur(0.8)
      .jpeg({ quality: 80 })
      .toBuffer();
    const r = await scan(page, 'invoice');
    expect(r.barcodes.map((b) => b.text)).toEqual(['https://example.invalid/fapiao/2026/000123']);
    expect(r.passes).toEqual(['corner', 'quick', 'fine']);
  });
});
