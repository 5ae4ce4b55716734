// Importing the customer's files: the registry files parsed and checked first; the orders file read
// in chunks as it is written (a million orders never sit in memory at once, repos/orderImport.ts);
// all of them published in one transaction, so several files imported together either all land or
// none does; the answer names the file (and line) that failed.
import type { ImportFileReport, ImportReport, ParsedReq } from '../../../shared/api';
import { AppError } from '../../../shared/result';
import { mergeBrand, parseBrandsFile, parseCertificatesFile } from '../../../shared/imports/registryFiles';
import { IMPORT_CHUNK_ROWS } from '../db/repos/orderImport';
import type { ImportBatch, Storage } from '../db/storage';
import { orderFileChunks } from './orderFileChunks';

export async function importFiles(storage: Storage, req: ParsedReq<'data:import'>, actor: string): Promise<ImportReport> {
  const files: ImportFileReport[] = [];
  const batch: ImportBatch = {};
  const report = (kind: ImportFileReport['kind'], file: string, errors: string[]) =>
    files.push({ file, kind, ok: errors.length === 0, errors, inserted: 0, updated: 0, unchanged: 0 });
  const known = await storage.brandIds();
  if (req.brands) {
    const parsed = parseBrandsFile(req.brands.name, req.brands.bytes);
    if (parsed.ok) {
      // A list the file leaves out keeps what is stored; only an explicit [] empties it.
      const stored = new Map((await storage.listBrands()).map((b) => [b.id, b]));
      batch.brands = { items: parsed.items.map((b) => mergeBrand(b, stored.get(b.id))), file: req.brands.name };
      for (const b of parsed.items) known.add(b.id);
    }
    report('brands', req.brands.name, parsed.ok ? [] : parsed.errors);
  }
  if (req.certificates) {
    const parsed = parseCertificatesFile(req.certificates.name, req.certificates.bytes, known);
    if (parsed.ok) batch.certificates = { items: parsed.items, file: req.certificates.name };
    report('certificates', req.certificates.name, parsed.ok ? [] : parsed.errors);
  }
  if (req.orders) {
    // Its rows are checked while they are written; their errors come back as IMPORT_REJECTED below.
    batch.orders = { items: orderFileChunks(req.orders.name, req.orders.bytes, IMPORT_CHUNK_ROWS), file: req.orders.name };
    report('orders', req.orders.name, []);
  }
  if (!files.length) throw new AppError('BAD_REQUEST', 'Nothing to import: give a brands, certificates or orders file');
  if (!files.every((f) => f.ok) && req.orders) {
    // Another file is refused, so nothing is written; the orders file is still read through to name its errors too.
    const errors: string[] = [];
    for await (const chunk of orderFileChunks(req.orders.name, req.orders.bytes, IMPORT_CHUNK_ROWS)) {
      if (chunk.fatal) {
        errors.splice(0, errors.length, chunk.fatal);
        break;
      }
      errors.push(...chunk.errors);
    }
    const f = files.find((x) => x.kind === 'orders')!;
    f.ok = errors.length === 0;
    f.errors = errors;
  } else if (files.every((f) => f.ok)) {
    try {
      const counts = await storage.importBatch(batch, actor);
      for (const f of files) if (f.kind !== 'sellerList') Object.assign(f, counts[f.kind]);
      return { files };
    } catch (e) {
      // Only the orders are refused there: a row found wrong while it was read, or a tracking number of another stored order.
      if (!(e instanceof AppError) || e.code !== 'IMPORT_REJECTED') throw e;
      const f = files.find((x) => x.kind === 'orders')!;
      f.ok = false;
      f.errors = e.details ?? [e.message];
    }
  }
  const errors = files.flatMap((f) => f.errors);
  const bad = files.filter((f) => !f.ok).map((f) => f.file);
  const all = files.map((f) => f.file);
  throw new AppError(
    'IMPORT_REJECTED',
    `Rejected ${bad.join(', ')}: nothing of ${all.length > 1 ? `this import (${all.join(', ')})` : 'that file'} was stored. ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`,
    errors,
  );
}
