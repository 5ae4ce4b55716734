// The hold queue's station filter on SQLite is served by an index (migration 9), not by reading every
// undecided hold: the statements the service really prepares for `holds:list` are planned here.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { freshService, importPack } from '../helpers/service';

const prepare = Database.prototype.prepare;
afterEach(() => {
  Database.prototype.prepare = prepare;
});

describe('hold queue query plans', () => {
  it('finds one station\'s holds through the station index (any case), in either sort', async () => {
    const t = freshService();
    await importPack(t);
    const held = await t.sys('parcel:inspect', { scan: 'SF036947341402', photoIds: [] });
    expect(held.outcome).toBe('HOLD');
    const seen: string[] = [];
    Database.prototype.prepare = function (this: Database.Database, sql: string) {
      seen.push(sql);
      return prepare.call(this, sql);
    } as typeof prepare;
    for (const sort of ['expiry', 'oldest'] as const) {
      const station = (await t.sys('holds:list', { sort })).rows[0].station;
      expect(station).toBeTruthy();
      // Typed in another case than stored: still this hold.
      expect((await t.sys('holds:list', { station: station!.toUpperCase(), sort })).total).toBe(1);
    }
    Database.prototype.prepare = prepare;

    // Every statement that filters on the station, however it spells the case-insensitive match.
    const queries = [...new Set(seen.filter((s) => /@station\b/.test(s)))];
    expect(queries.length).toBeGreaterThanOrEqual(2);
    const db = new Database(t.dbFile, { readonly: true });
    try {
      for (const q of queries) {
        const names = [...new Set([...q.matchAll(/@([A-Za-z_]\w*)/g)].map((m) => m[1]))];
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(Object.fromEntries(names.map((n) => [n, null]))) as { detail: string }[]).map((r) => r.detail);
        expect(plan.some((d) => d.includes('holds_station_lower_idx')), plan.join('\n')).toBe(true);
        // Nowhere are the holds read another way (by status, or all of them); by id is the page's rows.
        for (const d of plan.filter((x) => /\b(SCAN|SEARCH) h\b/.test(x))) expect(d, plan.join('\n')).toMatch(/INDEX holds_station_lower_idx|INTEGER PRIMARY KEY/);
      }
    } finally {
      db.close();
      await t.service.close();
    }
  });
});
