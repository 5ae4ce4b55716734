// Proof documents: a PDF is checked from its bytes (header, end marker, size, no encryption or active content).
import { describe, expect, it } from 'vitest';
import { checkDocument, checkPdf, PDF_MAX_BYTES } from '../../electron/main/service/documentCheck';

const enc = (s: string) => new TextEncoder().encode(s);
const GOOD = '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

describe('proof documents', () => {
  it('accepts a plain PDF and names it by its SHA-256', () => {
    expect(checkPdf(enc(GOOD), 'invoice.pdf')).toMatchObject({ mime: 'application/pdf', ext: 'pdf', bytes: GOOD.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it.each([
    ['', 'documentEmpty'],
    ['%PDF-1.7\n1 0 obj\n', 'pdfTruncated'],
    ['<html>%PDF-1.7 %%EOF', 'documentNotPdf'],
    [GOOD.replace('/Type /Catalog', '/Type /Catalog /Encrypt 5 0 R'), 'pdfEncrypted'],
    [GOOD.replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>'), 'pdfActive'],
    [GOOD.replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >>'), 'pdfActive'],
    [GOOD.replace('/Type /Catalog', '/Type /Catalog /Names << /EmbeddedFiles 3 0 R >>'), 'pdfActive'],
  ])('refuses %j (%s)', async (text, key) => {
    await expect(checkDocument(enc(text), 'doc.pdf')).rejects.toMatchObject({ code: 'PHOTO_REJECTED', key, message: expect.stringContaining('doc.pdf') });
  });

  it('refuses a PDF over the size limit before reading it', () => {
    const big = new Uint8Array(PDF_MAX_BYTES + 1);
    big.set(enc('%PDF-1.7\n'));
    expect(() => checkPdf(big, 'big.pdf')).toThrow(/over the 25 MB limit/);
  });
});
