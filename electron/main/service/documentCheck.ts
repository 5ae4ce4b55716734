// Documents a customer sends as proof: photos (checked as the station's photos are) or PDFs, checked
// from their bytes before anything is stored. A PDF is parsed (pdfActiveContent.ts) and refused if it
// carries any active content; it is kept as evidence and never run (evidence packs hold page images).
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/result';
import { ACTIVE_KINDS, scanPdf } from './pdfActiveContent';
import { checkPhoto, type CheckedPhoto } from './photoStore';

export const PDF_MIME = 'application/pdf';
export const PDF_MAX_BYTES = 25 * 1024 * 1024;

const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(Math.max(0, from), Math.min(b.length, to))).toString('latin1');

/**
 * Validates a PDF: header, end-of-file marker, size; then parses it and refuses encryption, an
 * unreadable structure, and active content (the first piece found is named, with its object).
 */
export async function checkPdf(bytes: Uint8Array, name: string): Promise<CheckedPhoto> {
  const reject = (key: string, why: string, params: Record<string, string | number> = {}): never => {
    throw new AppError('PHOTO_REJECTED', `${name}: ${why}`, undefined, { key, params: { name, ...params } });
  };
  if (bytes.length === 0) reject('documentEmpty', 'the file is empty');
  if (bytes.length > PDF_MAX_BYTES) reject('documentTooLarge', `${(bytes.length / 1048576).toFixed(1)} MB is over the ${PDF_MAX_BYTES / 1048576} MB limit for a document`);
  if (!/^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8))) reject('documentNotPdf', 'not a PDF (it does not start with %PDF-)');
  if (!ascii(bytes, bytes.length - 1024, bytes.length).includes('%%EOF')) reject('pdfTruncated', 'the PDF is cut short (no %%EOF at its end): ask for the file again');
  const scan = await scanPdf(bytes);
  if (!scan.ok) return reject('pdfUnreadable', `the PDF cannot be read (${scan.why}): ask for the file again, saved or printed to PDF anew`);
  if (scan.encrypted) reject('pdfEncrypted', 'the PDF is password-protected or encrypted: ask for an unprotected copy');
  // The most telling piece first: "runs a script" says more than "acts on opening" about the same action.
  const first = scan.findings.find((f) => f.kind !== 'automatic') ?? scan.findings[0];
  if (first) {
    const kind = ACTIVE_KINDS[first.kind];
    const object = Number(/\d+/.exec(first.object)?.[0] ?? 0);
    reject(kind.key, `the PDF carries ${kind.en}: /${first.name} in ${first.object}. Ask for a plain copy (printed to PDF, or a photo)`, { object });
  }
  if (scan.pages === 0) reject('pdfUnreadable', 'the PDF has no pages: ask for the file again');
  return { sha256: createHash('sha256').update(bytes).digest('hex'), mime: PDF_MIME, ext: 'pdf', width: 0, height: 0, bytes: bytes.length };
}

/** A photo (JPEG, PNG, WebP) or a PDF, by its bytes rather than its name. */
export async function checkDocument(bytes: Uint8Array, name: string): Promise<CheckedPhoto> {
  if (bytes.length === 0 || ascii(bytes, 0, 5) === '%PDF-') return checkPdf(bytes, name);
  try {
    return await checkPhoto(bytes, name);
  } catch (e) {
    if (e instanceof AppError && e.message.includes('not a readable image')) {
      throw new AppError('PHOTO_REJECTED', `${name}: not a PDF, nor a JPEG, PNG or WebP photo`, undefined, { key: 'documentNotPdf', params: { name } });
    }
    throw e;
  }
}
