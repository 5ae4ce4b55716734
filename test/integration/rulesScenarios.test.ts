// Two verdicts through the real service, real OCR and stored photos: an authorised seller's invoice
// dated after its certificate lapsed, for an order bought while it was valid (held, naming the dates);
// and the declared brand's own mark read with a one-letter slip, cleared with a note on goods from
// the brand's official store but held as a look-alike anywhere the rules do not accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { freshService, importPack, type TestService } from '../helpers/service';
import { PUBLIC_PACK } from '../helpers/paths';
import { tagPhoto } from '../helpers/tagPhoto';
import { addDays } from '../../shared/rules/sellerLists';
import type { InspectionResult } from '../../shared/api';

let t: TestService;
const codes = (v: InspectionResult) => [...new Set(v.findings.map((f) => f.code))].sort();
const bytesOf = (f: string) => {
  const b = fs.readFileSync(path.join(PUBLIC_PACK, 'photos', f));
  return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
};
const csv = (rows: string[]) =>
  new TextEncoder().encode(`order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny\n${rows.join('\n')}\n`);

beforeAll(async () => {
  t = freshService({ ocrWorkers: 1 });
  await importPack(t);
});
afterAll(async () => {
  await t?.service.close();
});

describe('the certificate must hold on the invoice date too', () => {
  it('holds an invoice dated after the certificate lapsed, though the purchase date was inside it', async () => {
    const ids = [];
    for (const f of ['P0008-2-tag.jpg', 'P0008-3-invoice.jpg']) ids.push((await t.sys('photo:add', { bytes: bytesOf(f), name: f })).photoId);
    // The pack's own parcel clears: certificate 2025-01-01 to 2027-12-31, invoice read from its photo.
    const genuine = await t.sys('parcel:inspect', { scan: 'ZT793301483616', photoIds: ids });
    expect(genuine.outcome).toBe('CLEAR');
    const invoiceDate = genuine.reads.find((r) => r.invoice)?.invoice?.date ?? '';
    expect(invoiceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The same seller's certificate now lapsed the day before that invoice; the order was bought three days before it.
    const validTo = addDays(invoiceDate, -1);
    const purchased = addDays(invoiceDate, -3);
    const cert = [{ id: 'CERT-PUBLIC-3', brandId: 'muji', sellerName: '宁波无印良品授权经销商贸易有限公司', sellerTaxId: '913356684C6RTNLYJX', validFrom: '2025-01-01', validTo, scope: ['household'] }];
    await t.sys('data:import', {
      certificates: { name: 'certificates-lapsed.json', bytes: new TextEncoder().encode(JSON.stringify(cert)) },
      orders: { name: 'orders-dates.csv', bytes: csv([`DT1,YT7000000001,C1,MUJI 香薰机,MUJI,household,AUTHORIZED_SELLER,shop-370400,宁波无印良品授权经销商贸易有限公司,913356684C6RTNLYJX,${purchased},2370.00`]) },
    });
    const v = await t.sys('parcel:inspect', { scan: 'YT7000000001', photoIds: ids });
    expect(v.outcome).toBe('HOLD');
    expect(codes(v)).toEqual(['AUTHORIZATION_INVALID']);
    const f = v.findings[0];
    for (const d of [validTo, purchased, invoiceDate]) {
      expect(f.message).toContain(d);
      expect(f.messageZh).toContain(d);
    }
    expect(f.message).toContain('after it lapsed');
    expect(f.evidence.some((e) => e.kind === 'invoice' && e.text === invoiceDate)).toBe(true);
  });
});

describe("the declared brand's own mark, misread", () => {
  it('is a note on goods from the official store, a look-alike hold where the store is not official or no brand is declared', async () => {
    await t.sys('data:import', {
      orders: {
        name: 'orders-misread.csv',
        bytes: csv([
          'MR1,YT7000000011,C1,Burberry 格纹围巾,Burberry,apparel,TMALL_FLAGSHIP,tmall-burberry-official,Burberry官方旗舰店,,2026-11-01,2358.00',
          'MR2,YT7000000012,C2,Burberry 格纹围巾,Burberry,apparel,TMALL_FLAGSHIP,tmall-scarf-shop,围巾专卖店,,2026-11-01,358.00',
          'MR3,YT7000000013,C3,格纹围巾,,apparel,TAOBAO,tb-scarf,围巾小店,,2026-11-01,58.00',
        ]),
      },
    });
    const tag = (await t.sys('photo:add', { bytes: await tagPhoto(['BURBERY', '格纹围巾 100% WOOL']), name: 'slip.png' })).photoId;

    const official = await t.sys('parcel:inspect', { scan: 'YT7000000011', photoIds: [tag] });
    expect(official.outcome).toBe('CLEAR');
    expect(official.notes.map((n) => n.code)).toEqual(['DECLARED_BRAND_MISREAD']);
    expect(official.notes[0].messageZh).toContain('识别误差');
    expect(official.notes[0].evidence[0]).toMatchObject({ photoId: tag, kind: 'word' });

    const partner = await t.sys('parcel:inspect', { scan: 'YT7000000012', photoIds: [tag] });
    expect(codes(partner)).toEqual(['BRAND_LOOKALIKE', 'STORE_NOT_OFFICIAL']);

    const undeclared = await t.sys('parcel:inspect', { scan: 'YT7000000013', photoIds: [tag] });
    expect(codes(undeclared)).toEqual(['BRAND_LOOKALIKE']);
  });
});
