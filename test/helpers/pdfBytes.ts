// Small PDFs made byte by byte for the document checks: each object's text as written, a real
// cross-reference table, and optionally some objects packed into a compressed object stream
// (/ObjStm, FlateDecode), the way hostile files hide their scripts from text matching.
import zlib from 'node:zlib';

export interface PdfParts {
  /** Object bodies, numbered from 1 (object 1 is the catalog). */
  objects: string[];
  /** Object numbers to pack into one compressed object stream instead of writing them plainly. */
  packed?: number[];
}

export function pdfBytes({ objects, packed = [] }: PdfParts): Uint8Array {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = chunks[0].length;
  const offsets = new Map<number, number>();
  const write = (n: number, body: string | Buffer) => {
    offsets.set(n, at);
    const b = Buffer.concat([Buffer.from(`${n} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(b);
    at += b.length;
  };
  objects.forEach((body, i) => {
    if (!packed.includes(i + 1)) write(i + 1, body);
  });
  let size = objects.length + 1;
  if (packed.length) {
    let index = '';
    let data = '';
    for (const n of packed) {
      index += `${n} ${data.length} `;
      data += `${objects[n - 1]}\n`;
    }
    const raw = Buffer.from(index + data, 'latin1');
    const z = zlib.deflateSync(raw);
    const n = size++;
    write(n, Buffer.concat([Buffer.from(`<< /Type /ObjStm /N ${packed.length} /First ${index.length} /Filter /FlateDecode /Length ${z.length} >>\nstream\n`, 'latin1'), z, Buffer.from('\nendstream', 'latin1')]));
  }
  const xref = at;
  let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let n = 1; n < size; n++) table += offsets.has(n) ? `${String(offsets.get(n)).padStart(10, '0')} 00000 n \n` : '0000000000 65535 f \n';
  chunks.push(Buffer.from(`${table}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A one-page document: catalog (1), pages (2), page (3), content (4), font (5), then `extra` objects from 6. */
export function onePage(opts: { catalog?: string; page?: string; text?: string; extra?: string[]; packed?: number[] } = {}): Uint8Array {
  const content = `BT /F1 24 Tf 72 720 Td (${opts.text ?? 'Commercial invoice 12345'}) Tj ET`;
  return pdfBytes({
    objects: [
      `<< /Type /Catalog /Pages 2 0 R ${opts.catalog ?? ''} >>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${opts.page ?? ''} >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ...(opts.extra ?? []),
    ],
    packed: opts.packed,
  });
}
