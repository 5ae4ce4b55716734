// Reads a large orders.csv as a stream of checked chunks, so an import of a million orders never holds
// the whole file as text or as a million orders at once: the bytes are decoded a slice at a time and
// checked by the same row checker as the whole-file parser (the same errors for the same rows). Only
// each order's and tracking number's line is remembered, to name a repeat. The caller writes each
// chunk before asking for the next.
//
// Why a line splitter before csv-parse: csv-parse took about 40 µs a row here (40 s for a million
// orders, more than the whole import may take). A valid order row is one line (a line break is a
// refused control character in every field), so a line of plain fields and fields quoted whole is
// split directly; the first line that is anything else (a quote inside a field, space around a
// field, a stray carriage return, an over-long line) hands that line and the rest of the file to
// csv-parse, so every irregular case is csv-parse's, error messages included. The unit test compares
// both readers with the whole-file parser on regular and irregular files.
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { Order } from '../../../shared/types';
import { decodeUtf8 } from '../../../shared/imports/importErrors';
import { OrderRowChecker, ORDERS_CSV_OPTIONS, ordersCsvError } from '../../../shared/imports/ordersFile';
import type { OrderChunk } from '../db/storage';

const SLICE_BYTES = 1 << 20;
const MAX_LINE = 16_384;
const QUOTE = 34;
const COMMA = 44;

class NotUtf8 extends Error {}

/** The file's text, a slice at a time (a BOM dropped); throws NotUtf8 with the whole-file parser's sentence. */
function* textPieces(fileName: string, bytes: Uint8Array): Generator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(at, at + SLICE_BYTES), { stream: at + SLICE_BYTES < bytes.length });
    } catch {
      const whole = decodeUtf8(fileName, bytes);
      throw new NotUtf8(whole.ok ? `${fileName}: not UTF-8 text` : whole.error);
    }
    yield at === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/** White space or a control character at `i` (what csv-parse's trim or String.trim would take off; a few more is only safe). */
function blankAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c <= 32 || (c >= 0x7f && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The fields of a regular line (plain fields, or fields quoted whole with "" inside), or null for anything else. */
export function splitRegularLine(line: string): string[] | null {
  if (line.length > MAX_LINE) return null;
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) === QUOTE) {
          value += line.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += line.slice(from, q);
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === n) return out;
      if (line.charCodeAt(i) !== COMMA) return null;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? n : c;
      const value = line.slice(i, end);
      if (value.includes('"') || (value.length && (blankAt(value, 0) || blankAt(value, value.length - 1)))) return null;
      out.push(value);
      if (c < 0) return out;
      i = c;
    }
    i++;
    if (i === n) {
      out.push('');
      return out;
    }
  }
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** csv-parse's records of `pieces` (whole lines first, then more text), its line numbers moved by `lineOffset`. */
async function* csvRecords(pieces: Iterable<string>, lineOffset: number, recordDelimiter: string | null): AsyncGenerator<CsvRecord> {
  const parser = parse({ ...ORDERS_CSV_OPTIONS, ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}) });
  const closed = once(parser, 'close').catch(() => undefined);
  let failure: unknown = null;
  const feed = (async () => {
    try {
      for (const text of pieces) {
        if (parser.destroyed) return;
        if (!parser.write(text)) await Promise.race([once(parser, 'drain'), closed]);
      }
      if (!parser.destroyed) parser.end();
    } catch (e) {
      failure = e;
      parser.end();
    }
  })();
  try {
    for await (const rec of parser as AsyncIterable<CsvRecord>) {
      if (failure) break;
      yield lineOffset ? { record: rec.record, info: { lines: rec.info.lines + lineOffset } } : rec;
    }
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
  if (failure) throw failure;
}

/** The records of the file: split line by line while lines are regular, then csv-parse's for the rest. */
async function* records(fileName: string, bytes: Uint8Array): AsyncGenerator<CsvRecord> {
  const pieces = textPieces(fileName, bytes);
  let carry = '';
  let line = 0;
  let crlf: boolean | null = null;
  for (;;) {
    const next = pieces.next();
    if (!next.done) carry += next.value;
    let start = 0;
    for (;;) {
      const nl = carry.indexOf('\n', start);
      if (nl < 0 && !next.done) break;
      if (nl < 0 && start === carry.length) break;
      const end = nl < 0 ? carry.length : nl;
      const raw = carry.slice(start, end);
      line++;
      if (crlf === null && nl >= 0) crlf = raw.endsWith('\r');
      const text = crlf && nl >= 0 && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      // With CRLF records a bare LF belongs to a field (csv-parse's case); with LF records any CR does.
      const bareLf = crlf === true && nl >= 0 && !raw.endsWith('\r');
      const fields = bareLf || text.includes('\r') ? null : text === '' ? [] : splitRegularLine(text);
      if (fields === null) {
        // This line and everything after it: csv-parse's, counting lines from here.
        const rest = carry.slice(start);
        yield* csvRecords((function* () {
          yield rest;
          yield* pieces;
        })(), line - 1, crlf === null ? null : crlf ? '\r\n' : '\n');
        return;
      }
      if (fields.length) yield { record: fields, info: { lines: line } };
      start = nl < 0 ? carry.length : nl + 1;
    }
    carry = carry.slice(start);
    if (next.done) return;
  }
}

/** The file's orders in chunks of `rows`; errors travel with the chunk they were found in. */
export async function* orderFileChunks(fileName: string, bytes: Uint8Array, rows: number): AsyncGenerator<OrderChunk> {
  let checker: OrderRowChecker | null = null;
  let orders: Order[] = [];
  let errors: string[] = [];
  try {
    for await (const rec of records(fileName, bytes)) {
      if (!checker) {
        checker = new OrderRowChecker(fileName);
        const refused = checker.header(rec.record);
        if (refused) {
          yield { orders: [], errors: [], fatal: refused };
          return;
        }
        continue;
      }
      const order = checker.row(rec.record, rec.info.lines, errors);
      if (order) orders.push(order);
      if (orders.length >= rows) {
        yield { orders, errors };
        orders = [];
        errors = [];
      }
    }
  } catch (e) {
    if (e instanceof NotUtf8) {
      yield { orders: [], errors: [], fatal: e.message };
      return;
    }
    // A CSV error after a line offset would name a shifted line: the file is read again by csv-parse
    // alone (only a broken file pays for this) so the error is exactly the whole-file parser's.
    yield { orders: [], errors: [], fatal: await csvErrorOfWholeFile(fileName, bytes, e) };
    return;
  }
  if (!checker) {
    yield { orders: [], errors: [], fatal: `${fileName}: empty file, expected a header row` };
    return;
  }
  if (orders.length || errors.length) yield { orders, errors };
}

async function csvErrorOfWholeFile(fileName: string, bytes: Uint8Array, first: unknown): Promise<string> {
  try {
    for await (const rec of csvRecords(textPieces(fileName, bytes), 0, null)) void rec;
  } catch (e) {
    return ordersCsvError(fileName, e);
  }
  return ordersCsvError(fileName, first);
}
