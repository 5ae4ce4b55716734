// The fapiao's QR on a photographed invoice (tilted, a red seal over the table) decoded and trusted
// over OCR; the seller confirmed by credit code; an unreadable seller retaken at a station, held in a batch.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';
import { freshService, importPack, type TestService } from '../helpers/service';
import { PUBLIC_PACK, ROOT } from '../helpers/paths';
import { EFAPIAO, renderEfapiaoScreenshot } from '../../scripts/make-fapiao-fixture';

const FIXTURE = path.join(ROOT, 'test', 'fixtures');
const expected = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'fapiao-qr.json'), 'utf8')) as {
  payload: string;
  printedNo: string;
  invoiceNo: string;
  date: string;
  totalFen: number;
  seller: { name: string; code: string };
};
const photo = (file: string) => ({ name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) });

async function addPhoto(t: TestService, file: string | { name: string; bytes: Uint8Array<ArrayBuffer> }) {
  return (await t.sys('photo:add', typeof file === 'string' ? photo(file) : file)).photoId;
}

async function signIn(t: TestService) {
  await t.sys('users:add', { name: 'ann', role: 'inspector', pin: '1234' });
  const r = await t.service.call('session:signIn', { name: 'ann', pin: '1234', station: 'S1' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.token;
}

describe('a screenshot of a digital e-fapiao (JD style: corner QR, red seals over the title and the seller)', () => {
  it('decodes its QR from the corner and reads the seller’s name under the seal and its code', async () => {
    const { png, payload } = await renderEfapiaoScreenshot();
    const t = freshService();
    // A name that says nothing: the QR in the corner is what makes it a fapiao.
    const id = await addPhoto(t, { name: 'screenshot.png', bytes: new Uint8Array(png) });
    const r = await t.sys('photo:read', { photoId: id });
    expect(r.barcodes.map((b) => `${b.format} ${b.text}`)).toEqual([`QR_CODE ${payload}`]);
    expect(r.kind).toBe('invoice');
    const inv = r.invoice!;
    expect(inv).toMatchObject({ invoiceNo: EFAPIAO.qr.invoiceNo, date: EFAPIAO.qr.date, totalFen: EFAPIAO.qr.amountFen });
    expect(inv.sources).toMatchObject({ invoiceNo: 'qr', date: 'qr', totalFen: 'qr' });
    expect(inv.sellerName).toBe(EFAPIAO.seller.name);
    expect(inv.sellerTaxId).toBe(EFAPIAO.seller.code);
    expect(inv.sellerTaxIdValid).toBe(true);
    await t.service.close();
  });
});

describe('the fapiao QR', () => {
  it('decodes on a tilted photographed invoice under a red seal, and its fields win over OCR', async () => {
    const t = freshService();
    const id = await addPhoto(t, path.join(FIXTURE, 'fapiao-qr.jpg'));
    const r = await t.sys('photo:read', { photoId: id });
    expect(r.kind).toBe('invoice');
    expect(r.barcodes.map((b) => `${b.format} ${b.text}`)).toContain(`QR_CODE ${expected.payload}`);
    const inv = r.invoice!;
    expect(inv.qr).toMatchObject({ grammar: 'digital', invoiceNo: expected.invoiceNo, amountFen: expected.totalFen, date: expected.date });
    // The print carries a different last digit: the QR's number is the one kept.
    expect(expected.printedNo).not.toBe(expected.invoiceNo);
    expect(inv).toMatchObject({ invoiceNo: expected.invoiceNo, invoiceCode: null, date: expected.date, totalFen: expected.totalFen });
    expect(inv.sources).toMatchObject({ invoiceNo: 'qr', date: 'qr', totalFen: 'qr' });
    // Where OCR read the printed number, the difference is kept for a note.
    for (const d of inv.disagreements ?? []) expect(d.qr).not.toBe(d.ocr);
    expect(inv.sellerTaxId).toBe(expected.seller.code);
    await t.service.close();
  });

  it('clears an authorised seller’s parcel on that invoice (seller by credit code)', async () => {
    const t = freshService();
    await importPack(t);
    const ids = [await addPhoto(t, path.join(PUBLIC_PACK, 'photos', 'P0008-2-tag.jpg')), await addPhoto(t, path.join(FIXTURE, 'fapiao-qr.jpg'))];
    const r = await t.sys('parcel:inspect', { scan: 'ZT793301483616', photoIds: ids });
    expect(r.findings.map((f) => f.code)).toEqual([]);
    expect(r.outcome).toBe('CLEAR');
    for (const n of r.notes) expect(n.messageZh).toMatch(/[\u4e00-\u9fff]/);
    await t.service.close();
  });

  it('asks a station to retake an invoice whose seller cannot be read; a batch holds it', async () => {
    // Only the QR of a fapiao in the photo: an invoice, with no seller name or code to read.
    const qr = await bwipjs.toBuffer({ bcid: 'qrcode', text: expected.payload, scale: 6, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' });
    const bare = { name: 'qr-only.jpg', bytes: new Uint8Array(await sharp(qr).flatten({ background: '#ffffff' }).jpeg().toBuffer()) };
    const t = freshService();
    await importPack(t);
    const token = await signIn(t);
    const ids = [await addPhoto(t, path.join(PUBLIC_PACK, 'photos', 'P0008-2-tag.jpg')), await addPhoto(t, bare)];

    const station = await t.service.call('parcel:inspect', { scan: 'ZT793301483616', photoIds: ids }, { token });
    if (!station.ok) throw new Error(station.error.message);
    expect(station.value.findings.map((f) => f.code)).toEqual(['INVOICE_SELLER_MISMATCH']);
    expect(station.value.retake).toEqual([{ photoId: ids[1], reason: 'INVOICE_SELLER_UNREADABLE' }]);
    // Nothing cleared unread, and no hold opened while the person retakes.
    expect(station.value).toMatchObject({ outcome: 'HOLD', holdId: null, parcelStatus: 'NEW' });

    const batch = await t.sys('parcel:inspect', { scan: 'ZT793301483616', photoIds: ids });
    expect(batch.retake).toBeUndefined();
    expect(batch.outcome).toBe('HOLD');
    expect(batch.holdId).not.toBeNull();
    expect(batch.parcelStatus).toBe('HELD');
    await t.service.close();
  });
});
