// Parser for shelves.csv, the hold shelves an admin keeps: a header with `code` (and optionally
// `label`, `active`), one shelf per row. Errors name the line and the column; a bad row rejects the file.
import { parse } from 'csv-parse/sync';
import { decodeUtf8, describeValue, type ParseOutcome } from './importErrors';

export interface ShelfInput {
  code: string;
  label: string;
  active: boolean;
}

/** A shelf code as printed on its barcode: letters, digits and dashes (Code 128 friendly). */
export const SHELF_CODE_RE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

export function normalizeShelfCode(s: string): string {
  return s.trim().replace(/\s+/g, '').toUpperCase();
}

export function parseShelvesFile(fileName: string, bytes: Uint8Array): ParseOutcome<ShelfInput> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not readable as CSV (${e instanceof Error ? e.message : String(e)})`] };
  }
  if (records.length === 0) return { ok: false, errors: [`${fileName}: empty file, expected a header row with "code"`] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const col = { code: header.indexOf('code'), label: header.indexOf('label'), active: header.indexOf('active') };
  if (col.code < 0) return { ok: false, errors: [`${fileName} line 1 (header): missing column code`] };
  const errors: string[] = [];
  const items: ShelfInput[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const code = normalizeShelfCode(record[col.code] ?? '');
    if (!SHELF_CODE_RE.test(code)) {
      errors.push(`${fileName} line ${line}, column "code": a shelf code is 1 to 40 letters, digits and dashes (found ${describeValue(record[col.code])})`);
      continue;
    }
    if (seen.has(code)) {
      errors.push(`${fileName} line ${line}, column "code": ${code} is already on line ${seen.get(code)}`);
      continue;
    }
    seen.set(code, line);
    const activeRaw = col.active >= 0 ? (record[col.active] ?? '').trim().toLowerCase() : '';
    if (activeRaw && !['1', '0', 'yes', 'no', 'true', 'false'].includes(activeRaw)) {
      errors.push(`${fileName} line ${line}, column "active": expected 1 or 0 (found ${describeValue(record[col.active])})`);
      continue;
    }
    const label = col.label >= 0 ? (record[col.label] ?? '').trim().slice(0, 80) : '';
    items.push({ code, label, active: !['0', 'no', 'false'].includes(activeRaw) });
  }
  return errors.length ? { ok: false, errors } : { ok: true, items };
}
