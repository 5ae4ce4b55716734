// The streaming reader of large orders files gives exactly what the whole-file parser gives: the same
// orders in the same order, in chunks no larger than asked, and the same errors for the same rows
// (repeats across chunk boundaries, a GBK file, a broken header, an empty file, an endless field, a
// line break inside a quoted field).
import { describe, expect, it } from 'vitest';
import { orderFileChunks } from '../../electron/main/service/orderFileChunks';
import { parseOrdersFile } from '../../shared/imports/ordersFile';
import type { Order } from '../../shared/types';

const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny,delivery_date';
const row = (i: number) => `O${i},TRK${String(i).padStart(8, '0')},C${i},"bag, ""big""",nike,bags,TAOBAO,s${i % 5},店铺,,2026-10-0${1 + (i % 9)},${i}.50,${i % 2 ? '' : '2026-10-20'}`;
const enc = (s: string) => new TextEncoder().encode(s);

async function streamed(bytes: Uint8Array, rows: number) {
  const orders: Order[] = [];
  const errors: string[] = [];
  const sizes: number[] = [];
  for await (const c of orderFileChunks('o.csv', bytes, rows)) {
    if (c.fatal) return { orders: [], errors: [c.fatal], sizes };
    sizes.push(c.orders.length);
    orders.push(...c.orders);
    errors.push(...c.errors);
  }
  return { orders, errors, sizes };
}

function whole(bytes: Uint8Array) {
  const p = parseOrdersFile('o.csv', bytes);
  return p.ok ? { orders: p.items, errors: [] } : { orders: null, errors: p.errors };
}

describe('orderFileChunks', () => {
  it('reads a good file into the same orders as the whole-file parser, in chunks of at most the size asked', async () => {
    const bytes = enc(`\ufeff${HEADER}\n${Array.from({ length: 1234 }, (_, i) => row(i)).join('\r\n')}\n`);
    const w = whole(bytes);
    expect(w.orders).toHaveLength(1234);
    const s = await streamed(bytes, 500);
    expect(s.orders).toEqual(w.orders);
    expect(s.errors).toEqual([]);
    expect(s.sizes).toEqual([500, 500, 234]);
  });

  it.each([
    ['CRLF, empty lines, a last line without a line break', `${HEADER}\r\n${row(1)}\r\n\r\n${row(2)}\r\n${row(3)}`],
    ['quoted fields everywhere, "" inside, empty quoted fields', `${HEADER}\n"O1","TRK00000001","C1","a ""b"", c","","bags","TAOBAO","s","S","","2026-10-01","1.00",""\n${row(2)}\n`],
    ['an irregular line (space around a field) midway: the rest read by csv-parse', `${HEADER}\n${row(1)}\n${row(2).replace('C2', ' C2 ')}\n${row(3)}\n${row(4)}\n`],
    ['space around fields, quoted and not, and an all-blank line', `${HEADER}\n${row(1)}\n O2 ,TRK00000002,C2," x ",,b,TAOBAO,s,S,,2026-10-01,1.00,\n   \n${row(3)}\n`],
    ['an irregular line, then a repeat and a bad date after it', `${HEADER}\n${row(1)}\n${row(2).replace('C2', ' C2 ')}\n${row(1)}\n${row(5).replace('2026-10-06', '2026-13-06')}\n`],
  ])('reads the same as the whole-file parser: %s', async (_name, text) => {
    const bytes = enc(text);
    const w = whole(bytes);
    const s = await streamed(bytes, 2);
    if (w.orders) expect(s.orders).toEqual(w.orders);
    expect(s.errors).toEqual(w.errors);
  });

  it('reads a file larger than one slice (multi-byte characters across the slice boundary)', async () => {
    const rows = Array.from({ length: 14000 }, (_, i) => row(i).replace('店铺', '店铺'.repeat(20)));
    const bytes = enc(`${HEADER}\n${rows.join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(2 ** 21);
    const s = await streamed(bytes, 2000);
    expect(s.orders).toEqual(whole(bytes).orders);
  });

  it.each([
    ['row errors, a repeat in a later chunk naming the first line', `${HEADER}\n${[row(1), row(2), row(3).replace('TAOBAO', 'EBAY'), row(4), row(1)].join('\n')}\n`],
    ['a row with too few fields', `${HEADER}\n${row(1)}\nO9,TRK99999999\n`],
    ['a missing column in the header', `${HEADER.replace(',tracking_no', '')}\n${row(1)}\n`],
    ['a column twice in the header', `${HEADER},item\n${row(1)},x\n`],
    ['an empty file', ''],
    ['a field of megabytes', `${HEADER}\n${row(1)}\nO2,TRK2,C2,${'x'.repeat(20_000)},,b,TAOBAO,s,S,,2026-10-01,1.00,\n`],
    ['a line break inside a quoted field (a control character)', `${HEADER}\n${row(1)}\nO2,TRK00000002,C2,"two\nlines",,b,TAOBAO,s,S,,2026-10-01,1.00,\n`],
    ['a quote inside a plain field', `${HEADER}\n${row(1)}\nO2,TRK0000"0002,C2,x,,b,TAOBAO,s,S,,2026-10-01,1.00,\n`],
    ['text after a closing quote', `${HEADER}\n${row(1)}\nO2,"TRK00000002"x,C2,x,,b,TAOBAO,s,S,,2026-10-01,1.00,\n`],
    ['a bare CR inside a line', `${HEADER}\n${row(1)}\nO2,TRK00000002,C2,x\ry,,b,TAOBAO,s,S,,2026-10-01,1.00,\n`],
    ['CRLF records with a bare LF', `${HEADER}\r\n${row(1)}\r\nO2,TRK00000002,C2,x\ny,,b,TAOBAO,s,S,,2026-10-01,1.00,\r\n`],
    ['a line longer than a record may be', `${HEADER}\n${row(1)}\nO2,TRK2,C2,${'y'.repeat(17_000)},,b,TAOBAO,s,S,,2026-10-01,1.00,\n${row(3)}\n`],
    ['an unclosed quote', `${HEADER}\n${row(1)}\nO2,"TRK2,C2\n`],
  ])('names the same errors as the whole-file parser: %s', async (_name, text) => {
    const bytes = enc(text);
    const w = whole(bytes);
    expect(w.errors.length).toBeGreaterThan(0);
    expect((await streamed(bytes, 2)).errors).toEqual(w.errors);
  });

  it('refuses a GBK file with the same sentence, even when the bad byte comes after the first slice', async () => {
    const good = `${HEADER}\n${Array.from({ length: 12000 }, (_, i) => row(i)).join('\n')}\n`;
    const gbk = Uint8Array.from([...enc(good), 0xc4, 0xcf, 0xbe, 0xa9, 0x0a]); // 南京 in GBK
    expect(gbk.length).toBeGreaterThan(2 ** 20);
    const w = whole(gbk);
    expect(w.errors).toEqual([expect.stringMatching(/^o\.csv: not UTF-8 text \(byte \d+ is not valid UTF-8/)]);
    expect((await streamed(gbk, 1000)).errors).toEqual(w.errors);
  });

  it('stops cleanly when the caller stops reading', async () => {
    const bytes = enc(`${HEADER}\n${Array.from({ length: 5000 }, (_, i) => row(i)).join('\n')}\n`);
    const chunks = orderFileChunks('o.csv', bytes, 100);
    const firstChunk = await chunks.next();
    expect(firstChunk.done).toBe(false);
    expect(await chunks.return(undefined)).toEqual({ done: true, value: undefined });
  });
});
