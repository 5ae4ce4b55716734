// An orders import in generations (repos/orderImport.ts), on both engines: a file of several chunks
// is invisible while it is written and visible whole after one switch; a file with a bad row in the
// middle, or an import whose process died between chunks, leaves nothing visible and nothing behind;
// a re-import stores nothing twice; a running import makes a second one wait with a sentence.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { abortOrderImport, beginOrderImport, IMPORT_CHUNK_ROWS, writeOrderChunk } from '../../electron/main/db/repos/orderImport';
import type { Engine } from '../../electron/main/db/sql';
import type { OrderChunk } from '../../electron/main/db/storage';
import { orderFileChunks } from '../../electron/main/service/orderFileChunks';
import { parseOrdersFile } from '../../shared/imports/ordersFile';
import type { Order } from '../../shared/types';
import { importErrorsIn } from '../../renderer/src/importErrorText';
import { SYSTEM } from '../../shared/systemIdentities';
import { refreshHoldClocks } from '../../electron/main/db/repos/holdClockDays';
import { signIn } from '../helpers/holdCases';
import { freshService, importPack, rawEngine, type TestService } from '../helpers/service';

const N = 2 * IMPORT_CHUNK_ROWS + 345; // three chunks, the last one short
const HEADER = 'order_no,tracking_no,customer,item,declared_brand,category,channel,store_id,store_name,seller_tax_id,purchase_date,amount_cny,delivery_date';
const pad = (i: number, n: number) => String(i).padStart(n, '0');

interface Row {
  item?: string;
  channel?: string;
  delivery?: string;
}
const line = (i: number, r: Row = {}) =>
  [
    `BULK${pad(i, 6)}`, `BK${pad(i, 10)}`, `C${i}`, r.item ?? (i % 2 ? '帆布包' : '"notebook, ""A5"""'), i % 3 ? '' : 'burberry', 'apparel',
    r.channel ?? 'TAOBAO', `shop-${i % 17}`, '广州潮流服饰批发', '', '2026-10-18', `${10 + (i % 90)}.${pad(i % 100, 2)}`, r.delivery ?? (i % 4 ? '' : '2026-10-25'),
  ].join(',');
const csv = (rows: string[]) => new TextEncoder().encode([HEADER, ...rows].join('\n') + '\n');
const file = (name: string, rows: string[]) => ({ name, bytes: csv(rows) });
const first = () => Array.from({ length: N }, (_, i) => line(i));
/** The first file with every seventh order's item changed and 1,000 new orders after it. */
const second = () => [...Array.from({ length: N }, (_, i) => line(i, i % 7 ? {} : { item: `改 ${i}` })), ...Array.from({ length: 1000 }, (_, k) => line(N + k))];

async function importOrders(t: TestService, f: { name: string; bytes: Uint8Array }) {
  return t.service.call('data:import', { orders: f }, { system: SYSTEM.test });
}

const num = async (db: Engine, sql: string, params: unknown[] = []) => Number((await db.read.get<{ n: number | string }>(sql, params))?.n ?? 0);
const dump = (db: Engine) => db.read.all<Record<string, unknown>>('SELECT * FROM orders ORDER BY order_no');

describe('orders import in generations', () => {
  it('publishes a file of several chunks at once: a reader during the import sees the old orders only, then all the new ones', async () => {
    const t = freshService();
    const reader = rawEngine(t.dbFile);
    try {
      const r1 = await importOrders(t, file('orders.csv', first()));
      expect(r1.ok && r1.value.files[0]).toMatchObject({ inserted: N, updated: 0, unchanged: 0 });
      const look = async () => ({
        orders: await num(reader, 'SELECT count(*) AS n FROM orders'),
        changedItem: (await reader.read.get<{ item: string }>('SELECT item FROM orders WHERE tracking_no = ?', ['BK0000000007']))?.item,
        newOrder: (await t.service.storage.orderByTracking(`BK${pad(N + 5, 10)}`))?.orderNo ?? null,
      });
      const seen: Awaited<ReturnType<typeof look>>[] = [];
      // The real file reader, with a reader looking at the orders before every chunk after the first is
      // written and once more after the last one, before the publish.
      async function* watched(): AsyncGenerator<OrderChunk> {
        let k = 0;
        for await (const chunk of orderFileChunks('orders2.csv', csv(second()), IMPORT_CHUNK_ROWS)) {
          if (k++ > 0) seen.push(await look());
          yield chunk;
        }
        seen.push(await look());
      }
      const counts = await t.service.storage.importBatch({ orders: { items: watched(), file: 'orders2.csv' } }, 'system:test');
      const changed = Math.ceil(N / 7);
      expect(counts.orders).toEqual({ inserted: 1000, updated: changed, unchanged: N - changed });

      expect(seen.length).toBe(Math.ceil((N + 1000) / IMPORT_CHUNK_ROWS));
      for (const s of seen) expect(s).toEqual({ orders: N, changedItem: '帆布包', newOrder: null });
      const after = await look();
      expect(after).toEqual({ orders: N + 1000, changedItem: '改 7', newOrder: `BULK${pad(N + 5, 6)}` });
      // The superseded rows are gone once published; one row per order remains.
      expect(await num(reader, 'SELECT count(*) AS n FROM order_versions')).toBe(N + 1000);
      expect(await num(reader, 'SELECT count(*) AS n FROM order_versions WHERE superseded_at IS NOT NULL')).toBe(0);
    } finally {
      await reader.close();
      await t.service.close();
    }
  });

  it('a bad row in the middle: refused naming its line in English and Chinese, nothing of the file visible or left behind', async () => {
    const t = freshService();
    const reader = rawEngine(t.dbFile);
    try {
      await importOrders(t, file('orders.csv', first()));
      const before = await dump(reader);
      const rows = second();
      const bad = IMPORT_CHUNK_ROWS + 1000; // in the second chunk: the first chunk is written by then
      rows[bad] = line(bad, { channel: 'EBAY' });
      const f = file('orders-bad.csv', rows);
      const r = await importOrders(t, f);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('IMPORT_REJECTED');
      // The same errors as the whole-file parser gives (the line counts the header as line 1).
      const parsed = parseOrdersFile(f.name, f.bytes);
      expect(parsed.ok).toBe(false);
      expect(r.error.details).toEqual(parsed.ok ? [] : parsed.errors);
      expect(r.error.details).toEqual([expect.stringMatching(new RegExp(`^orders-bad\\.csv line ${bad + 2}, column "channel": unknown channel`))]);
      expect(importErrorsIn('zh', r.error.details ?? [])[0]).toMatch(new RegExp(`^orders-bad\\.csv 第 ${bad + 2} 行，“channel”列：`));

      expect(await dump(reader)).toEqual(before);
      expect(await num(reader, 'SELECT count(*) AS n FROM order_versions')).toBe(N);
      expect(await num(reader, 'SELECT count(*) AS n FROM order_versions WHERE superseded_at IS NOT NULL')).toBe(0);
      expect(await reader.read.all('SELECT gen, state FROM order_imports ORDER BY gen')).toEqual([
        { gen: expect.anything(), state: 'published' },
        { gen: expect.anything(), state: 'aborted' },
      ]);
      // The same file put right imports whole.
      rows[bad] = line(bad);
      const ok = await importOrders(t, file('orders-fixed.csv', rows));
      expect(ok.ok && ok.value.files[0]).toMatchObject({ inserted: 1000 });
    } finally {
      await reader.close();
      await t.service.close();
    }
  });

  it('holds opened before and during an import get the return windows of the delivery dates it publishes', async () => {
    const t = freshService();
    const reader = rawEngine(t.dbFile);
    try {
      await importPack(t);
      const ann = await signIn(t, 'ann', 'inspector');
      const inspect = async (i: number) => {
        const r = await ann('parcel:inspect', { scan: `BK${pad(i, 10)}`, photoIds: [] });
        if (!r.ok) throw new Error(r.error.message);
        return r.value as { outcome: string; holdId: number | null };
      };
      // Orders 0 and 4000 have delivery date 2026-10-25; neither is stored yet, so each parcel is held.
      const before = await inspect(0);
      let during: Awaited<ReturnType<typeof inspect>> | null = null;
      async function* watched(): AsyncGenerator<OrderChunk> {
        let k = 0;
        for await (const chunk of orderFileChunks('orders.csv', csv(first()), IMPORT_CHUNK_ROWS)) {
          if (k++ === 1) during = await inspect(4000); // its order is in the last chunk, not written yet
          yield chunk;
        }
      }
      await t.service.storage.importBatch({ orders: { items: watched(), file: 'orders.csv' } }, 'system:test');
      const holds = [before.holdId, during!.holdId];
      expect([before.outcome, during!.outcome]).toEqual(['HOLD', 'HOLD']);
      const days = await reader.read.all<{ return_day: string }>(`SELECT return_day FROM holds WHERE id IN (?, ?) ORDER BY id`, holds);
      expect(days.map((d) => d.return_day)).toEqual(['2026-11-01', '2026-11-01']);
      // A recomputation of every hold from scratch changes nothing.
      expect(await reader.write((tx) => refreshHoldClocks(tx, 'all'))).toBe(0);
    } finally {
      await reader.close();
      await t.service.close();
    }
  });

  it('re-importing the same file stores nothing twice', async () => {
    const t = freshService();
    const reader = rawEngine(t.dbFile);
    try {
      await importOrders(t, file('orders.csv', first()));
      const once = await dump(reader);
      const again = await importOrders(t, file('orders.csv', first()));
      expect(again.ok && again.value.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: N });
      expect(await dump(reader)).toEqual(once);
      expect(await num(reader, 'SELECT count(*) AS n FROM order_versions')).toBe(N);
    } finally {
      await reader.close();
      await t.service.close();
    }
  });

  it('an import whose process died between chunks is cleaned up by the next one; a live one makes the next wait', async () => {
    const t = freshService();
    const other = rawEngine(t.dbFile); // the other process's connection
    try {
      await importOrders(t, file('orders.csv', first()));
      const before = await dump(other);
      const changed = (o: Order): Order => ({ ...o, item: 'crashed import' });
      const parsedOrders = (() => {
        const p = parseOrdersFile('orders.csv', csv(first()));
        if (!p.ok) throw new Error(p.errors[0]);
        return p.items;
      })();
      const newOnes = (() => {
        const p = parseOrdersFile('more.csv', csv(Array.from({ length: 10 }, (_, k) => line(N + k))));
        if (!p.ok) throw new Error(p.errors[0]);
        return p.items;
      })();

      // A process that wrote two chunks (changes and new orders) and died: its pid is gone.
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const crashed = await beginOrderImport(other, 'crashed.csv', '2026-11-02T00:00:00.000Z', `${os.hostname()}|${dead}|test`);
      await writeOrderChunk(other, crashed, parsedOrders.slice(0, IMPORT_CHUNK_ROWS).map(changed));
      await writeOrderChunk(other, crashed, newOnes);
      expect(await num(other, 'SELECT count(*) AS n FROM order_versions')).toBe(N + IMPORT_CHUNK_ROWS + 10);
      expect(await dump(other)).toEqual(before);

      // The next import takes the dead one's lease, removes its rows, restores what it superseded, then imports.
      const next = await importOrders(t, file('orders.csv', first()));
      expect(next.ok && next.value.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: N });
      expect(await dump(other)).toEqual(before);
      expect(await num(other, 'SELECT count(*) AS n FROM order_versions')).toBe(N);
      expect(await num(other, 'SELECT count(*) AS n FROM order_versions WHERE superseded_at IS NOT NULL')).toBe(0);
      expect((await other.read.get<{ state: string }>('SELECT state FROM order_imports WHERE gen = ?', [crashed.gen]))?.state).toBe('aborted');

      // A live import (its process here, its lease fresh): the next one is told to wait, in both languages.
      const live = await beginOrderImport(other, 'live.csv', '2026-11-03T00:00:00.000Z');
      await writeOrderChunk(other, live, newOnes);
      const refused = await importOrders(t, file('orders.csv', first()));
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatchObject({ code: 'BUSY', key: 'importRunning', params: { file: 'live.csv' } });
      expect(await dump(other)).toEqual(before);

      // Untouched for longer than a lease lasts, it is taken over and cleaned; if its process wakes, it can write no more.
      await other.write((tx) => tx.run('UPDATE order_imports SET touched_at = ? WHERE gen = ?', [new Date(Date.now() - 5 * 60_000).toISOString(), live.gen]));
      const after = await importOrders(t, file('orders.csv', first()));
      expect(after.ok).toBe(true);
      await expect(writeOrderChunk(other, live, newOnes)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await num(other, 'SELECT count(*) AS n FROM order_versions')).toBe(N);
      expect(await dump(other)).toEqual(before);
      await expect(abortOrderImport(other, live)).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await other.close();
      await t.service.close();
    }
  });
});
