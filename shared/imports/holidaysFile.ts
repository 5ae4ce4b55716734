// Parser for the holiday list (holidays.csv): the days working-day deadlines skip, and the weekend
// days worked instead. Every row checked; errors name the line and the column.
import { parse } from 'csv-parse/sync';
import { isIsoDate } from '../dates';
import { decodeUtf8, describeValue, type ParseOutcome } from './importErrors';

export type HolidayType = 'holiday' | 'workday';

export interface HolidayEntry {
  date: string;
  name: string;
  /** `holiday`: nobody works (default). `workday`: a weekend day worked instead (调休). */
  type: HolidayType;
}

export const HOLIDAY_COLUMNS = ['date', 'name'] as const;
export const HOLIDAY_OPTIONAL_COLUMNS = ['type'] as const;

const TYPES: Record<string, HolidayType> = { holiday: 'holiday', workday: 'workday', 休: 'holiday', 班: 'workday', '': 'holiday' };

export function parseHolidaysFile(fileName: string, bytes: Uint8Array): ParseOutcome<HolidayEntry> {
  const decoded = decodeUtf8(fileName, bytes);
  if (!decoded.ok) return { ok: false, errors: [decoded.error] };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not readable as CSV (${e instanceof Error ? e.message : String(e)})`] };
  }
  if (records.length === 0) return { ok: false, errors: [`${fileName}: empty file, expected a header row (date,name[,type])`] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const known: readonly string[] = [...HOLIDAY_COLUMNS, ...HOLIDAY_OPTIONAL_COLUMNS];
  const missing = HOLIDAY_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { ok: false, errors: [`${fileName} line 1 (header): missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`] };
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length) return { ok: false, errors: [`${fileName} line 1 (header): unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; expected date, name and optionally type`] };
  const col = (c: string) => header.indexOf(c);

  const errors: string[] = [];
  const items: HolidayEntry[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.length !== header.length) {
      errors.push(`${fileName} line ${line}: ${record.length} fields, the header has ${header.length}`);
      continue;
    }
    const date = record[col('date')].trim();
    const name = record[col('name')].trim();
    const typeRaw = col('type') >= 0 ? record[col('type')].trim().toLowerCase() : '';
    const before = errors.length;
    if (!isIsoDate(date)) errors.push(`${fileName} line ${line}, column "date": not a date YYYY-MM-DD (found ${describeValue(record[col('date')])})`);
    else if (seen.has(date)) errors.push(`${fileName} line ${line}, column "date": ${date} repeats line ${seen.get(date)}`);
    if (!name) errors.push(`${fileName} line ${line}, column "name": missing the holiday's name`);
    const type = TYPES[typeRaw];
    if (!type) errors.push(`${fileName} line ${line}, column "type": expected holiday or workday (found ${describeValue(record[col('type')])})`);
    if (errors.length > before) continue;
    seen.set(date, line);
    items.push({ date, name, type });
  }
  if (!errors.length && !items.length) errors.push(`${fileName}: no dates listed under the header`);
  return errors.length ? { ok: false, errors } : { ok: true, items };
}
