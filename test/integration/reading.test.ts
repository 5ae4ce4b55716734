// Reading v2 through the service, as the station reads: the reading worker (decode, barcodes, PP-OCR
// text lines) on real photos. Turned photos read like upright ones, with word boxes in the turned
// photo's own frame; white text on a transparent background is read; Latin lines keep their spaces;
// without the models the tesseract reader takes over and says so.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { freshService } from '../helpers/service';
import { CORPUS, PUBLIC_PACK } from '../helpers/paths';
import type { PhotoRead } from '../../shared/types';

const compact = (s: string) => s.replace(/\s+/g, '');

describe('reading worker with the text-line models', () => {
  const t = freshService();
  afterAll(() => t.service.close());
  const read = async (bytes: Uint8Array | Buffer, name: string): Promise<PhotoRead> => {
    const added = await t.sys('photo:add', { bytes: new Uint8Array(bytes), name });
    return t.sys('photo:read', { photoId: added.photoId });
  };

  it('loads the models in the worker and reports the engine', async () => {
    await t.service.warmUp();
    const info = await t.sys('app:info', {});
    expect(info.ocr).toMatchObject({ state: 'ready', engine: 'ppocr' });
  });

  const invoice = fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0008-3-invoice.jpg'));
  it.each([0, 90, 180, 270])('an invoice photo turned %i° reads its seller, credit code and total', async (turn) => {
    const bytes = turn ? await sharp(invoice).rotate(turn).jpeg({ quality: 92 }).toBuffer() : invoice;
    const r = await read(bytes, `invoice-${turn}.jpg`);
    expect(compact(r.text)).toContain('宁波无印良品授权经销商贸易有限公司');
    expect(r.invoice).toMatchObject({ sellerTaxId: '913356684C6RTNLYJX', totalFen: 218300, date: '2026-10-21' });
    // Evidence boxes stay in the photo's own (turned) frame: inside it, and running the way the text runs.
    const code = r.words.find((w) => w.text === '913356684C6RTNLYJX');
    expect(code).toBeDefined();
    const b = code!.box;
    expect(b.x).toBeGreaterThanOrEqual(-2);
    expect(b.y).toBeGreaterThanOrEqual(-2);
    expect(b.x + b.w).toBeLessThanOrEqual(r.width + 2);
    expect(b.y + b.h).toBeLessThanOrEqual(r.height + 2);
    if (turn % 180 === 90) expect(b.h).toBeGreaterThan(b.w);
    else expect(b.w).toBeGreaterThan(b.h);
  });

  it('reads white text on a transparent background (laid on black) as well as black text', async () => {
    const file = path.join(CORPUS, 'ocr-chinese', 'rapidocr-black_font_color_transparent.png');
    const black = fs.readFileSync(file);
    const { data, info } = await sharp(black).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i += 4) {
      data[i] = 255 - data[i];
      data[i + 1] = 255 - data[i + 1];
      data[i + 2] = 255 - data[i + 2];
    }
    const white = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
    expect(compact((await read(black, 'black.png')).text)).toContain('我是中国人');
    expect(compact((await read(white, 'white.png')).text)).toContain('我是中国人');
  });

  it('keeps the spaces between English words (Latin lines re-read by tesseract)', async () => {
    // A printed tag, condensed type: the line model alone reads these as GENUINELEATHERWALLET etc.
    const lines = ['GENUINE LEATHER WALLET', 'STAINLESS STEEL WATER BOTTLE', 'Keep away from fire'];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="380"><rect width="100%" height="100%" fill="#f4f1ea"/>${lines
      .map((l, i) => `<text x="60" y="${100 + i * 100}" font-family="DejaVu Sans Condensed" font-size="44" letter-spacing="1" fill="#222">${l}</text>`)
      .join('')}</svg>`;
    const r = await read(await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer(), 'latin-tag.jpg');
    for (const l of lines) expect(r.text).toContain(l);
    expect(r.words.map((w) => w.text)).toEqual(expect.arrayContaining(['LEATHER', 'STAINLESS', 'away']));
    // Each word has its own box, left to right along its line.
    const leather = r.words.find((w) => w.text === 'LEATHER')!;
    const wallet = r.words.find((w) => w.text === 'WALLET')!;
    expect(wallet.box.x).toBeGreaterThan(leather.box.x + leather.box.w - 5);
  });
});

describe('reading worker without the models', () => {
  const t = freshService({ ocrModelDir: path.join(PUBLIC_PACK, 'no-models-here') });
  afterAll(() => t.service.close());

  it('falls back to tesseract.js whole-photo reading and says so', async () => {
    await t.service.warmUp();
    const info = await t.sys('app:info', {});
    expect(info.ocr.state).toBe('ready');
    expect(info.ocr.engine).toBe('tesseract');
    expect(info.ocr.message).toMatch(/models could not load/);
    const added = await t.sys('photo:add', { bytes: new Uint8Array(fs.readFileSync(path.join(PUBLIC_PACK, 'photos', 'P0002-2-tag.jpg'))), name: 'tag.jpg' });
    const r = await t.sys('photo:read', { photoId: added.photoId });
    expect(r.text).toContain('PHONE CASE');
    expect(r.barcodes.map((b) => b.text)).toContain('6940403954354');
  });
});
