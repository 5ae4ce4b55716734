// Invoice fields read from real photos: the Chinese VAT invoices of the corpus (against their ground
// truth), the public pack's invoices (seller against the order's), and the rendered fapiao with a QR.
//   npm run bench:invoices [-- --corpus DIR] [--pack DIR]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ParcelGateService } from '../electron/main/service/service';
import { SYSTEM } from '../shared/systemIdentities';
import { parseOrdersFile } from '../shared/imports/ordersFile';
import { isValidCreditCode } from '../shared/reading/creditCode';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, pack: { type: 'string' } } });
const shared = path.join(import.meta.dirname, '..', '..', 'shared');
const corpus = path.resolve(values.corpus ?? path.join(shared, 'corpus'));
const pack = path.resolve(values.pack ?? path.join(shared, 'scenarios', 'public-01'));
const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'bench-invoices-'));
const service = new ParcelGateService({ dbFile: path.join(dir, 'b.db'), dataDir: path.join(dir, 'data') });
const ctx = { system: SYSTEM.bench };
async function read(file: string) {
  const added = await service.call('photo:add', { name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) }, ctx);
  if (!added.ok) return null;
  const r = await service.call('photo:read', { photoId: added.value.photoId }, ctx);
  return r.ok ? r.value : null;
}
const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
let right = 0;
let asked = 0;
const check = (ok: boolean) => {
  asked++;
  if (ok) right++;
  return ok ? 'OK' : 'MISS';
};

console.log('corpus invoices-zh (ground truth: total, date; payee and city in the text):');
const zh = JSON.parse(fs.readFileSync(path.join(corpus, 'invoices-zh', 'index.json'), 'utf8')) as { items: { file: string; expected: Record<string, string> }[] };
for (const item of zh.items) {
  const file = path.join(corpus, 'invoices-zh', item.file);
  if (/\.pdf$/i.test(file)) {
    console.log(`  ${item.file}: skipped (a PDF: the station photographs paper)`);
    continue;
  }
  const r = await read(file);
  const inv = r?.invoice;
  const e = item.expected;
  const wantDate = e.date.replace(/(\d{4})年(\d{2})月(\d{2})日/, '$1-$2-$3');
  console.log(
    `  ${item.file}: ${inv ? 'invoice' : 'NOT an invoice'}; total ${yuan(inv?.totalFen)} ${check(yuan(inv?.totalFen) === e.total_incl_tax)}; date ${inv?.date ?? '—'} ${check(inv?.date === wantDate)}; ` +
      `payee ${check(!!r?.text.includes(e.payee))}; city ${check(!!r?.text.includes(e.city))}; seller "${inv?.sellerName ?? '—'}" ${inv?.sellerTaxId ?? '—'}; no. ${inv?.invoiceNo ?? '—'} code ${inv?.invoiceCode ?? '—'}`,
  );
}

console.log('public pack invoices (seller name and credit code against the order):');
const orders = parseOrdersFile('orders.csv', new Uint8Array(fs.readFileSync(path.join(pack, 'orders.csv'))));
const parcels = JSON.parse(fs.readFileSync(path.join(pack, 'parcels.json'), 'utf8')) as { id: string; scan: string | null; photos: string[] }[];
const expected = JSON.parse(fs.readFileSync(path.join(pack, 'expected.json'), 'utf8')) as { id: string; order_no: string | null; reasons: string[] }[];
for (const p of parcels) {
  for (const ph of p.photos.filter((f) => /invoice/.test(f))) {
    const r = await read(path.join(pack, ph));
    const inv = r?.invoice;
    const want = expected.find((e) => e.id === p.id);
    const order = orders.ok ? orders.items.find((o) => o.orderNo === want?.order_no) : undefined;
    const mismatch = want?.reasons.includes('INVOICE_SELLER_MISMATCH');
    const nameOk = mismatch ? inv?.sellerName !== order?.storeName : inv?.sellerName === order?.storeName;
    const codeOk = mismatch ? inv?.sellerTaxId !== order?.sellerTaxId : inv?.sellerTaxId === order?.sellerTaxId && isValidCreditCode(inv?.sellerTaxId ?? '');
    console.log(`  ${path.basename(ph)}: seller "${inv?.sellerName ?? '—'}" ${check(nameOk)}; code ${inv?.sellerTaxId ?? '—'} ${check(codeOk)}${mismatch ? ' (another seller expected)' : ''}; no. ${inv?.invoiceNo ?? '—'}; date ${inv?.date ?? '—'}; total ${yuan(inv?.totalFen)}`);
  }
}

const fixture = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'fapiao-qr.json');
if (fs.existsSync(fixture)) {
  const want = JSON.parse(fs.readFileSync(fixture, 'utf8')) as { invoiceNo: string; date: string; totalFen: number; seller: { name: string; code: string } };
  const r = await read(fixture.replace(/\.json$/, '.jpg'));
  const inv = r?.invoice;
  console.log('rendered fapiao with QR (tilted, red seal):');
  console.log(
    `  QR ${inv?.qr ? 'decoded' : 'NOT decoded'} ${check(!!inv?.qr)}; no. ${inv?.invoiceNo ?? '—'} ${check(inv?.invoiceNo === want.invoiceNo)}; date ${inv?.date ?? '—'} ${check(inv?.date === want.date)}; total ${yuan(inv?.totalFen)} ${check(inv?.totalFen === want.totalFen)}; ` +
      `seller "${inv?.sellerName ?? '—'}" ${check(inv?.sellerName === want.seller.name)}; code ${inv?.sellerTaxId ?? '—'} ${check(inv?.sellerTaxId === want.seller.code)}`,
  );
}
console.log(`\nfields right: ${right}/${asked}`);
await service.close();
fs.rmSync(dir, { recursive: true, force: true });
