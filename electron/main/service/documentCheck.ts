// Documents a customer sends as proof: photos (checked as the station's photos are) or PDFs, checked
// from their bytes before anything is stored. A PDF is kept as evidence; it is never run or rendered.
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/result';
import { checkPhoto, type CheckedPhoto } from './photoStore';

export const PDF_MIME = 'application/pdf';
export const PDF_MAX_BYTES = 25 * 1024 * 1024;

const ascii = (b: Uint8Array, from: number, to: number) => Buffer.from(b.subarray(Math.max(0, from), Math.min(b.length, to))).toString('latin1');

/** Validates a PDF: header, end-of-file marker, size; refuses encrypted files and active content. */
export function checkPdf(bytes: Uint8Array, name: string): CheckedPhoto {
  const reject = (key: string, why: string): never => {
    throw new AppError('PHOTO_REJECTED', `${name}: ${why}`, undefined, { key, params: { name } });
  };
  if (bytes.length === 0) reject('documentEmpty', 'the file is empty');
  if (bytes.length > PDF_MAX_BYTES) reject('documentTooLarge', `${(bytes.length / 1048576).toFixed(1)} MB is over the ${PDF_MAX_BYTES / 1048576} MB limit for a document`);
  if (!/^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8))) reject('documentNotPdf', 'not a PDF (it does not start with %PDF-)');
  if (!ascii(bytes, bytes.length - 1024, bytes.length).includes('%%EOF')) reject('pdfTruncated', 'the PDF is cut short (no %%EOF at its end): ask for the file again');
  const body = ascii(bytes, 0, bytes.length);
  if (/\/Encrypt\b/.test(body)) reject('pdfEncrypted', 'the PDF is password-protected or encrypted: ask for an unprotected copy');
  if (/\/(JavaScript|JS|Launch|EmbeddedFiles?)\b/.test(body)) reject('pdfActive', 'the PDF carries scripts, launch actions or embedded files: ask for a plain copy');
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
