import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../shared/wire';
import { toCsv } from '../../shared/csv';

describe('bridge wire format', () => {
  it('carries bytes through JSON unchanged', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const framed = encodeWire({ req: { bytes, name: 'a.jpg', more: [new Uint8Array([1, 2])] }, token: null });
    expect(framed.length).toBeLessThan(bytes.length + 200);
    const back = decodeWire(framed) as { req: { bytes: Uint8Array; name: string; more: Uint8Array[] } };
    expect([...back.req.more[0]]).toEqual([1, 2]);
    expect(back.req.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(back.req.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(back.req.name).toBe('a.jpg');
  });

  it('reads a message without bytes as plain JSON, and bytes deep in a large one', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ holdId: i, reasons: ['A', 'B'], note: '中文 "quoted" \\ line\nbreak', at: null, n: 1.5 }));
    const plain = { ok: true, value: { rows, total: 5000 } };
    const framed = encodeWire(plain);
    expect(new TextDecoder().decode(framed.subarray(4))).toBe(JSON.stringify(plain));
    expect(decodeWire(framed)).toEqual(plain);
    // A lone {"$bytes": 0} with no part behind it is not turned into anything.
    expect(decodeWire(encodeWire({ x: { $bytes: 0 } }))).toEqual({ x: { $bytes: 0 } });
    const deep = { ok: true, value: { rows: [...rows.slice(0, 49), { holdId: 49, photo: { bytes: new Uint8Array([9, 8, 7]) } }] } };
    const back = decodeWire(encodeWire(deep)) as { value: { rows: { photo?: { bytes: Uint8Array } }[] } };
    expect([...back.value.rows[49].photo!.bytes]).toEqual([9, 8, 7]);
    expect(back.value.rows[0]).toEqual(rows[0]);
  });

  it('refuses a truncated message', () => {
    const framed = encodeWire({ a: new Uint8Array(10) });
    expect(() => decodeWire(framed.subarray(0, framed.length - 3))).toThrow(/truncated/);
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=HYPERLINK("x")', 12], [null, '中文']]);
    expect(csv).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"\'=HYPERLINK(""x"")",12\r\n,中文\r\n');
  });
});
