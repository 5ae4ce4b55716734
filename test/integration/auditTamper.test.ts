// The audit trail survives its own database: truncation, deletion of every event and an edit with
// every later hash re-computed are all detected (by the anchor log beside the database, and by
// anchors given on the command line); INSERT OR REPLACE is refused; the encoding is unambiguous;
// old events keep verifying with the encoding they were written with.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { registerSqliteFunctions } from '../../electron/main/db/sqliteFunctions';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { eventHash, eventHashV1, GENESIS_HASH } from '../../electron/main/db/audit';
import m001 from '../../electron/main/db/migrations/001_init';
import m002 from '../../electron/main/db/migrations/002_supervision';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';

/** A database with a few business actions, closed; returns its file. */
async function busyDb(): Promise<string> {
  const dbFile = path.join(tempDir('audit'), 'a.db');
  const s = new SqliteStorage(dbFile);
  for (const name of ['ann', 'bob', 'cat', 'dan', 'eve']) await s.addUser({ name, role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  await s.setFourEyes(false, 'test');
  await s.close();
  return dbFile;
}

/** Someone with the file: drop the guards and do `f`, re-hashing everything after `fromSeq` if asked. */
function tamper(dbFile: string, f: (db: Database.Database) => void, rehashFrom?: number) {
  const db = new Database(dbFile);
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_events_append_only;');
  f(db);
  if (rehashFrom !== undefined) {
    const rows = db.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(rehashFrom) as Record<string, string & number>[];
    let prev = (db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(rehashFrom - 1) as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
    for (const r of rows) {
      const hash = eventHash({ ...r, prev_hash: prev } as never);
      db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
  }
  db.close();
}

const verify = (dbFile: string, ...extra: string[]) => cli(['--db', dbFile, 'audit', 'verify', ...extra]);

describe('audit trail tamper cases', () => {
  it('detects truncation, deletion of everything and an edit re-hashed to the end (anchor log)', async () => {
    const detected: string[] = [];
    const cases: [string, (db: Database.Database) => void, number?][] = [
      ['the last events deleted', (db) => db.prepare('DELETE FROM audit_events WHERE seq > 3').run()],
      ['every event deleted', (db) => db.prepare('DELETE FROM audit_events').run()],
      ['an event edited and every later hash re-computed', (db) => db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2").run(), 2],
    ];
    for (const [name, f, rehash] of cases) {
      const dbFile = await busyDb();
      expect(verify(dbFile).code).toBe(0);
      tamper(dbFile, f, rehash);
      const r = verify(dbFile);
      if (r.code === 1 && /BROKEN/.test(r.stderr)) detected.push(name);
      // Nothing was appended before the check: a second run still sees it.
      expect(verify(dbFile).code).toBe(1);
    }
    console.log(`audit tamper cases detected: ${detected.length} of ${cases.length}`);
    expect(detected).toEqual(cases.map((c) => c[0]));
  });

  it('checks anchors given on the command line, with the anchor log gone', async () => {
    const dbFile = await busyDb();
    const s = new SqliteStorage(dbFile);
    const head = (await s.chainHead())!;
    await s.close();
    tamper(dbFile, (db) => db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(head.seq - 1));
    fs.rmSync(`${dbFile}.anchors`);
    // The chain alone cannot prove its end, and the missing anchor log is said, never "intact".
    const alone = verify(dbFile);
    expect(alone.code).not.toBe(0);
    expect(alone.stdout).not.toContain('intact');
    expect(alone.stderr).toContain('anchor log missing: completeness since event 1 cannot be proved');
    const r = verify(dbFile, '--anchor', `${head.seq}:${head.hash}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`anchor ${head.seq}:${head.hash} (given): event ${head.seq} is gone`);
  });

  it('refuses INSERT OR REPLACE and out-of-chain inserts of audit events', async () => {
    const dbFile = await busyDb();
    const db = new Database(dbFile);
    // Without the app's functions a connection cannot add an audit event at all (auditHashTrigger.test.ts).
    registerSqliteFunctions(db);
    const e = db.prepare('SELECT * FROM audit_events WHERE seq = 2').get() as Record<string, unknown>;
    expect(() => db.prepare('INSERT OR REPLACE INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (@seq, @at, \'mallory\', @action, @entity_type, @entity_id, @details, @prev_hash, @hash)').run(e)).toThrow(/append-only/);
    expect(() => db.prepare("INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (999, 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')").run()).toThrow(/append-only/);
    db.close();
  });

  it('encodes events unambiguously: a separator inside a field cannot make two events share a hash', () => {
    const base = { seq: 1, at: 't', entity_type: 'user', entity_id: 'x', details: '{}', prev_hash: GENESIS_HASH };
    const a = { ...base, actor: 'ann\u241Euser.add', action: 'x' };
    const b = { ...base, actor: 'ann', action: 'user.add\u241Ex' };
    expect(eventHashV1(a)).toBe(eventHashV1(b)); // the old encoding's flaw
    expect(eventHash(a)).not.toBe(eventHash(b));
  });

  it('keeps verifying events written before the switch with the old encoding', async () => {
    const dbFile = path.join(tempDir('audit-old'), 'old.db');
    const db = new Database(dbFile);
    db.exec(m001);
    db.exec(m002);
    db.pragma('user_version = 2');
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: `2025-01-0${seq}`, actor: 'old', action: 'user.add', entity_type: 'user', entity_id: `u${seq}`, details: '{}', prev_hash: prev };
      const hash = eventHashV1(row);
      db.prepare('INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @entity_type, @entity_id, @details, @prev_hash, @hash)').run({ ...row, hash });
      prev = hash;
    }
    db.close();
    const s = new SqliteStorage(dbFile); // migrates to 3: the switch point is event 4
    await s.addUser({ name: 'new', role: 'admin', locale: 'en', pinHash: 'x' }, 'test');
    const r = await s.verifyAudit();
    expect(r).toMatchObject({ intact: true, events: 4 });
    const four = s.db.prepare('SELECT * FROM audit_events WHERE seq = 4').get() as never as { hash: string };
    expect(four.hash).toBe(eventHash(four as never));
    expect(() => s.db.prepare("UPDATE settings SET value = '1' WHERE key = 'audit_v2_from'").run()).toThrow(/never changes/);
    await s.close();
  });
});
