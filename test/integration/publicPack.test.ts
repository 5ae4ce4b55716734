// Every parcel of the public pack gets the outcome and reason codes its expected.json demands,
// imported into a fresh database and run through `batch` as a user would: a SQLite file, or (project
// integration-pg) a database on the PostgreSQL server reached as the station role.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli';
import { freshDatabase } from '../helpers/service';
import { PUBLIC_PACK, tempDir } from '../helpers/paths';

interface Expected {
  id: string;
  kind: string;
  tracking: string;
  order_no: string | null;
  outcome: 'CLEAR' | 'HOLD';
  reasons: string[];
}

describe('scenario pack public-01', () => {
  it('batch gives every parcel its expected outcome and reasons', async () => {
    const { db, beforeFirstUse } = freshDatabase(tempDir('pack'));
    await beforeFirstUse?.();
    const pack = (f: string) => path.join(PUBLIC_PACK, f);
    expect(cli(['--db', db, 'import', '--brands', pack('brands.json'), '--certificates', pack('certificates.json'), '--orders', pack('orders.csv')]).code).toBe(0);
    const r = cli(['--db', db, 'batch', '--parcels', pack('parcels.json'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.pop();
    const expected: Expected[] = JSON.parse(fs.readFileSync(pack('expected.json'), 'utf8'));
    expect(summary.summary.parcels).toBe(expected.length);
    const got = new Map(lines.map((l) => [l.id, l]));
    const mismatches = expected
      .map((e) => {
        const g = got.get(e.id);
        const codes = [...new Set((g?.reasons ?? []).map((x: { code: string }) => x.code))].sort();
        return { id: e.id, kind: e.kind, want: `${e.outcome} ${[...e.reasons].sort().join(',')} ${e.tracking} ${e.order_no}`, got: `${g?.outcome} ${codes.join(',')} ${g?.tracking} ${g?.orderNo}` };
      })
      .filter((m) => m.want !== m.got);
    expect(mismatches).toEqual([]);
    // Every reason is a sentence in both languages.
    for (const l of lines) for (const reason of l.reasons) expect(reason.messageZh).toMatch(/[\u4e00-\u9fff]/);
    // Replay with the ruleset in force gathers the same facts as the inspections did: no change.
    const replay = cli(['--db', db, 'replay', '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = JSON.parse(replay.stdout) as { replayed: number; changes: unknown[] };
    expect(replayed.replayed).toBe(expected.length);
    expect(replayed.changes).toEqual([]);
  });
});
