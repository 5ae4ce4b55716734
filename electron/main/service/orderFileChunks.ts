// Reads a large orders.csv as a stream of checked chunks, so an import of a million orders never holds
// the whole file as text or as a million orders at once: the bytes are decoded a slice at a time,
// parsed by csv-parse's streaming parser and checked by the same row checker as the whole-file parser
// (the same errors for the same rows). Only each order's and tracking number's line is remembered, to
// name a repeat. The caller writes each chunk before asking for the next.
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { Order } from '../../../shared/types';
import { decodeUtf8 } from '../../../shared/imports/importErrors';
import { OrderRowChecker, ORDERS_CSV_OPTIONS, ordersCsvError } from '../../../shared/imports/ordersFile';
import type { OrderChunk } from '../db/storage';

const SLICE_BYTES = 1 << 20;

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** The file's orders in chunks of `rows`; errors travel with the chunk they were found in. */
export async function* orderFileChunks(fileName: string, bytes: Uint8Array, rows: number): AsyncGenerator<OrderChunk> {
  const parser = parse(ORDERS_CSV_OPTIONS);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let decodeError: string | null = null;
  const closed = once(parser, 'close').catch(() => undefined);
  // Feeds the parser slice by slice, waiting when it is full; stops if the reader stops.
  const feed = (async () => {
    try {
      for (let at = 0; at < bytes.length && !parser.destroyed; at += SLICE_BYTES) {
        let text: string;
        try {
          text = decoder.decode(bytes.subarray(at, at + SLICE_BYTES), { stream: at + SLICE_BYTES < bytes.length });
        } catch {
          const whole = decodeUtf8(fileName, bytes);
          decodeError = whole.ok ? `${fileName}: not UTF-8 text` : whole.error;
          parser.end();
          return;
        }
        if (at === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (!parser.write(text)) await Promise.race([once(parser, 'drain'), closed]);
      }
      if (!parser.destroyed) parser.end();
    } catch (e) {
      parser.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  })();

  let checker: OrderRowChecker | null = null;
  let orders: Order[] = [];
  let errors: string[] = [];
  try {
    for await (const rec of parser as AsyncIterable<CsvRecord>) {
      if (decodeError) break;
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
    yield { orders: [], errors: [], fatal: ordersCsvError(fileName, e) };
    return;
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
  if (decodeError) {
    yield { orders: [], errors: [], fatal: decodeError };
    return;
  }
  if (!checker) {
    yield { orders: [], errors: [], fatal: `${fileName}: empty file, expected a header row` };
    return;
  }
  if (orders.length || errors.length) yield { orders, errors };
}
