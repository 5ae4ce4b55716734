// Proof documents: a PDF is checked from its bytes (header, end marker, size), then parsed: encryption
// and every kind of active content are refused with the kind and the object named, however the file
// hides it (hex-escaped names, scripts inside compressed object streams); clean PDFs pass.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { checkDocument, checkPdf, PDF_MAX_BYTES } from '../../electron/main/service/documentCheck';
import { onePage } from '../helpers/pdfBytes';
import { SHARED } from '../helpers/paths';

const enc = (s: string) => new TextEncoder().encode(s);
const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const link = (action: string) => ({ page: '/Annots [6 0 R]', extra: [`<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A ${action} >>`] });

describe('proof documents', () => {
  it('accepts a plain PDF and names it by its SHA-256', async () => {
    const good = onePage();
    expect(await checkPdf(good, 'invoice.pdf')).toMatchObject({ mime: 'application/pdf', ext: 'pdf', bytes: good.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each([
    ['the public corpus fapiao PDF', new Uint8Array(fs.readFileSync(path.join(SHARED, 'corpus', 'invoices-zh', 'metagpt-invoice-1.pdf')))],
    // Text that merely mentions the words is not active content (text matching refused this).
    ['a page that says "/JavaScript /Launch"', onePage({ text: '/JavaScript /Launch /EmbeddedFiles' })],
    ['an OpenAction that only opens at page 1', onePage({ catalog: '/OpenAction [3 0 R /Fit]' })],
    ['a link to another page of the same file', onePage(link('<< /S /GoTo /D [3 0 R /Fit] >>'))],
  ])('passes a clean PDF: %s', async (_what, bytes) => {
    await expect(checkDocument(bytes, 'doc.pdf')).resolves.toMatchObject({ mime: 'application/pdf' });
  });

  it.each([
    ['', 'documentEmpty'],
    ['%PDF-1.7\n1 0 obj\n', 'pdfTruncated'],
    ['<html>%PDF-1.7 %%EOF', 'documentNotPdf'],
    ['%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'pdfUnreadable'],
  ])('refuses %j (%s)', async (text, key) => {
    await expect(checkDocument(enc(text), 'doc.pdf')).rejects.toMatchObject({ code: 'PHOTO_REJECTED', key, message: expect.stringContaining('doc.pdf') });
  });

  it('refuses an encrypted PDF', async () => {
    const bytes = latin(onePage({ extra: ['<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>'] })).replace('/Size 7 /Root 1 0 R', '/Size 7 /Root 1 0 R /Encrypt 6 0 R');
    await expect(checkDocument(enc(bytes), 'doc.pdf')).rejects.toMatchObject({ key: 'pdfEncrypted' });
  });

  // The hostile set: each kind of active content, plainly, hex-escaped, and inside a compressed object stream.
  it.each([
    ['OpenAction JavaScript', onePage({ catalog: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }), 'pdfScript'],
    ['/J#61vaScript, hex-escaped', onePage({ catalog: '/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>' }), 'pdfScript'],
    ['/#4a#61va#53cript, lower-case hex', onePage(link('<< /S /#4a#61va#53cript /J#53 (x) >>')), 'pdfScript'],
    ['a document-level script in the names tree', onePage({ catalog: '/Names << /JavaScript 6 0 R >>', extra: ['<< /Names [(a) 7 0 R] >>', '<< /S /JavaScript /JS (app.alert(1)) >>'] }), 'pdfScript'],
    ['/L#61unch, hex-escaped', onePage(link('<< /S /L#61unch /F (cmd.exe) >>')), 'pdfLaunch'],
    ['Launch on opening', onePage({ catalog: '/OpenAction << /S /Launch /F (cmd.exe) >>' }), 'pdfLaunch'],
    ['URI', onePage(link('<< /S /URI /URI (https://example.invalid/x) >>')), 'pdfLink'],
    ['SubmitForm', onePage(link('<< /S /SubmitForm /F << /FS /URL /F (https://example.invalid) >> >>')), 'pdfForm'],
    ['ImportData', onePage(link('<< /S /ImportData /F (data.fdf) >>')), 'pdfForm'],
    ['XFA form', onePage({ catalog: '/AcroForm << /Fields [] /XFA 6 0 R >>', extra: ['<< /Length 0 >>\nstream\n\nendstream'] }), 'pdfForm'],
    ['GoToR', onePage(link('<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>')), 'pdfRemote'],
    ['GoToE', onePage(link('<< /S /GoToE /T << /R /C /N (a) >> >>')), 'pdfRemote'],
    ['RichMedia annotation', onePage({ page: '/Annots [6 0 R]', extra: ['<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>'] }), 'pdfMedia'],
    ['embedded files', onePage({ catalog: '/Names << /EmbeddedFiles 6 0 R >>', extra: ['<< /Names [] >>'] }), 'pdfEmbedded'],
    ['a file attachment annotation', onePage({ page: '/Annots [6 0 R]', extra: ['<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (a.exe) >>'] }), 'pdfEmbedded'],
    ['page additional actions (AA) going to a page', onePage({ page: '/AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>' }), 'pdfAutoAction'],
    ['an OpenAction of an unknown type', onePage({ catalog: '/OpenAction << /S /Named /N /Print >>' }), 'pdfAutoAction'],
  ])('refuses %s', async (_what, bytes, key) => {
    await expect(checkDocument(bytes, 'x.pdf')).rejects.toMatchObject({ code: 'PHOTO_REJECTED', key, message: expect.stringContaining('x.pdf: the PDF carries'), params: { object: expect.any(Number) } });
  });

  it('finds a script inside a compressed object stream, where no text match can see it', async () => {
    const bytes = onePage({ page: '/Annots [6 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 7 0 R >>', '<< /S /JavaScript /JS (app.alert(1)) >>'], packed: [6, 7] });
    expect(latin(bytes)).not.toContain('JavaScript');
    expect(latin(bytes)).toContain('/ObjStm');
    await expect(checkDocument(bytes, 'x.pdf')).rejects.toMatchObject({ key: 'pdfScript', params: { object: 7 }, message: expect.stringContaining('/JavaScript in object 7') });
  });

  it('refuses a PDF over the size limit before reading it', async () => {
    const big = new Uint8Array(PDF_MAX_BYTES + 1);
    big.set(enc('%PDF-1.7\n'));
    await expect(checkPdf(big, 'big.pdf')).rejects.toThrow(/over the 25 MB limit/);
  });
});
