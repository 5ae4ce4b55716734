// Audit verify in parallel (worker threads, each reading a range of the chain as arrays) gives the
// answers the single walk gives, on the engine of the suite: an intact chain, and the same chain
// tampered step by step (events cut from the end under an anchor, an event deleted where two ranges
// meet, an event edited in the middle of a range, an earlier one edited and everything after it re-hashed).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appendAudit, chainHead, eventHash, verifyAudit, type Anchor } from '../../electron/main/db/audit';
import type { AuditSource } from '../../electron/main/db/auditVerifyParallel';
import type { Engine } from '../../electron/main/db/sql';
import { freshService, rawEngine, TEST_ENGINE } from '../helpers/service';

const EVENTS = 3000;
const THREADS = 3;

async function compare(engine: Engine, source: AuditSource, anchors: Anchor[]) {
  const single = await verifyAudit(engine.read, anchors);
  const parallel = await verifyAudit(engine.read, anchors, { source, threads: THREADS, parallelFrom: 0 });
  expect(parallel).toEqual(single);
  return single;
}

describe('audit verify in parallel', () => {
  it('names the same first broken event as the single walk, on an intact and a tampered chain', async () => {
    const t = freshService();
    await t.sys('users:list', {}); // opens (and on PostgreSQL creates) the database
    await t.service.close();
    const owner = rawEngine(t.dbFile, { owner: true });
    const source: AuditSource = TEST_ENGINE === 'sqlite' ? { engine: 'sqlite', file: t.dbFile } : { engine: 'postgres', url: t.dbFile };
    try {
      await owner.write(async (tx) => {
        for (let i = 0; i < EVENTS; i++) {
          await appendAudit(tx, { actor: `user-${i % 7}`, action: 'test.event', entityType: 'parcel', entityId: `T${i}`, details: { i, note: '测试 "quoted" \\ text' } }, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString());
        }
      });
      const head = (await chainHead(owner.read))!;
      const anchors: Anchor[] = [{ ...head, source: 'test' }];
      const intact = await compare(owner, source, anchors);
      expect(intact).toMatchObject({ intact: true, firstBroken: null, anchors: { missing: [] } });
      expect(intact.events).toBeGreaterThanOrEqual(EVENTS);

      // Someone with the database switches the guards off.
      const sql = async (statement: string, params: unknown[] = []) => {
        if (TEST_ENGINE === 'sqlite') {
          const db = new Database(t.dbFile);
          try {
            db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; DROP TRIGGER IF EXISTS audit_events_append_only;');
            db.prepare(statement).run(...params);
          } finally {
            db.close();
          }
        } else {
          await owner.write(async (tx) => {
            await tx.run('ALTER TABLE audit_events DISABLE TRIGGER USER');
            await tx.run(statement, params);
            await tx.run('ALTER TABLE audit_events ENABLE TRIGGER USER');
          });
        }
      };
      const total = intact.events;
      // Ranges of 3 threads over `total` events meet at these numbers.
      const boundary = Math.floor(total / THREADS);

      await sql('DELETE FROM audit_events WHERE seq > ?', [total - 5]);
      const cut = await compare(owner, source, anchors);
      expect(cut.firstBroken).toMatchObject({ seq: head.seq, reason: expect.stringContaining('is gone') });

      await sql('DELETE FROM audit_events WHERE seq = ?', [boundary + 1]);
      expect((await compare(owner, source, anchors)).firstBroken).toEqual({ seq: boundary + 1, reason: `event ${boundary + 1} is missing (next is ${boundary + 2})` });

      await sql('DELETE FROM audit_events WHERE seq = ?', [boundary]);
      expect((await compare(owner, source, anchors)).firstBroken).toEqual({ seq: boundary, reason: `event ${boundary} is missing (next is ${boundary + 2})` });

      await sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = ?", [boundary - 100]);
      expect((await compare(owner, source, anchors)).firstBroken).toEqual({ seq: boundary - 100, reason: 'its content does not match its hash (it was changed)' });

      // An earlier event edited and its hash re-computed: the next event's link gives it away.
      const row = await owner.read.get<Record<string, unknown>>('SELECT * FROM audit_events WHERE seq = 40');
      const edited = { ...row, seq: 40, actor: 'mallory' } as Parameters<typeof eventHash>[0];
      await sql("UPDATE audit_events SET actor = 'mallory', hash = ? WHERE seq = 40", [eventHash(edited)]);
      expect((await compare(owner, source, anchors)).firstBroken).toEqual({ seq: 41, reason: 'its link to event 40 does not match (an event before it was changed or removed)' });
    } finally {
      await owner.close();
    }
  });
});
