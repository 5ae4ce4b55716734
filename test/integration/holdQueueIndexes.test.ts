// Every filter of the hold queue is served by an index, on the engine the suite runs on (SQLite, or
// PostgreSQL in the integration-pg project): the statements listHolds really sends for each filter are
// recorded and planned, and the plan must name the filter's index and never read the holds (or the
// brand, alias and user names) whole. On PostgreSQL a test database is tiny, so sequential scans are
// priced out (enable_seqscan off) to ask whether an index can serve the statement at all: a scan that
// remains means none can.
import { describe, expect, it } from 'vitest';
import { listHolds, type HoldFilter } from '../../electron/main/db/repos/holds';
import type { Params, Sql } from '../../electron/main/db/sql';
import { freshService, importPack, rawEngine } from '../helpers/service';

interface Case {
  name: string;
  filter: Partial<HoldFilter>;
  /** Indexes the plans must use (every one of them, somewhere in the filter's statements; a name's start stands for either of two). */
  indexes: string[];
  /**
   * Indexes on holds itself that SQLite must use. PostgreSQL chooses among the holds' indexes by the
   * statistics of the tiny test database (often the undecided holds' own index): there the test asks
   * that none of them is read whole, and bench:scale measures the choice at size.
   */
  sqlite?: string[];
}

const CASES: Case[] = [
  { name: 'brand by id', filter: { brand: 'burberry' }, indexes: ['brands_id_lower_idx', 'brands_name_lower_idx', 'brand_aliases_lower_idx', 'hold_brands_brand_idx'] },
  { name: 'brand by Chinese alias', filter: { brand: '博柏利' }, indexes: ['brand_aliases_lower_idx', 'hold_brands_brand_idx'] },
  { name: 'brand by Latin alias, another case', filter: { brand: 'BurBerry' }, indexes: ['brand_aliases_lower_idx', 'hold_brands_brand_idx'] },
  { name: 'inspector name', filter: { inspector: 'ANN' }, indexes: ['users_name_lower_idx'], sqlite: ['holds_inspector_'] },
  { name: 'station', filter: { station: 'dock-3' }, indexes: [], sqlite: ['holds_station_lower_idx'] },
  { name: 'reason', filter: { reason: 'UNREADABLE' }, indexes: ['hold_reasons_code_idx'] },
  { name: 'shelf', filter: { location: 'a-01' }, indexes: [], sqlite: ['holds_location_idx'] },
  { name: 'expires soonest, no filter', filter: {}, indexes: [], sqlite: ['holds_return_day_idx', 'holds_free_day_idx', 'holds_abandon_day_idx', 'holds_proof_day_idx'] },
  { name: 'within 48 h', filter: { expiresWithinHours: 48 }, indexes: [], sqlite: ['holds_return_day_idx', 'holds_free_day_idx', 'holds_abandon_day_idx', 'holds_proof_day_idx'] },
];

/** Tables a filter must never read whole. */
const NAMED = /^(h|holds|hold_brands|hold_reasons|brands|brand_aliases|users|uh|ah)$/;

/** An Sql that records every statement it runs. */
function recording(sql: Sql, seen: { sql: string; params?: Params }[]): Sql {
  return {
    dialect: sql.dialect,
    all: (s, p) => (seen.push({ sql: s, params: p }), sql.all(s, p)),
    get: (s, p) => (seen.push({ sql: s, params: p }), sql.get(s, p)),
    run: (s, p) => (seen.push({ sql: s, params: p }), sql.run(s, p)),
    exec: (s) => sql.exec(s),
  };
}

describe('hold queue filters and their indexes', () => {
  it('plans every filter through its index, never reading the holds or the names whole', async () => {
    const t = freshService();
    await importPack(t);
    await t.sys('users:add', { name: 'Ann', role: 'inspector', pin: '1234' });
    const s = await t.service.call('session:signIn', { name: 'Ann', pin: '1234', station: 'Dock-3' });
    if (!s.ok) throw new Error(s.error.message);
    const held = await t.service.call('parcel:inspect', { scan: 'SF036947341402', photoIds: [] }, { token: s.value.token });
    expect(held.ok && held.value.outcome).toBe('HOLD');
    await t.service.close();

    const engine = rawEngine(t.dbFile, { owner: true });
    try {
      for (const c of CASES) {
        const seen: { sql: string; params?: Params }[] = [];
        const { total } = await listHolds(recording(engine.read, seen), { status: 'undecided', offset: 0, limit: 50, ...c.filter }, new Date());
        // The filters find the one hold (the shelf and "within" none): the statements are the real ones.
        expect(total, c.name).toBe(c.filter.location || c.filter.expiresWithinHours ? 0 : 1);
        const plans: string[] = [];
        for (const q of seen) {
          if (!/\b(holds|brands|brand_aliases|users)\b/.test(q.sql)) continue;
          if (engine.dialect === 'sqlite') {
            const lines = (await engine.read.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)).map((r) => r.detail);
            plans.push(...lines);
            for (const d of lines) {
              const m = /^SCAN (\w+)( USING (COVERING )?INDEX (\w+))?/.exec(d);
              // A whole-table read of a named table is refused; a read of one whole index is allowed
              // only for the count and ranking of the unfiltered queue (the undecided holds' partial indexes).
              if (m && NAMED.test(m[1])) expect(Object.keys(c.filter).length === 0 && m[4]?.startsWith('holds_'), `${c.name}: ${d}\n${q.sql}`).toBe(true);
            }
          } else {
            const lines = await engine.write(async (tx) => {
              await tx.run('SET LOCAL enable_seqscan = off');
              return (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params)).map((r) => r['QUERY PLAN']);
            });
            plans.push(...lines);
            for (const d of lines) expect(d, `${c.name}: ${lines.join('\n')}\n${q.sql}`).not.toMatch(/Seq Scan on (holds|hold_brands|hold_reasons|brands|brand_aliases|users)\b/);
          }
        }
        for (const index of [...c.indexes, ...(engine.dialect === 'sqlite' ? (c.sqlite ?? []) : [])]) expect(plans.some((d) => d.includes(index)), `${c.name}: ${index}\n${plans.join('\n')}`).toBe(true);
      }
    } finally {
      await engine.close();
    }
  });
});
