// A station file checks its own safeguards: triggers dropped or rewritten in place (writable_schema:
// names kept, integrity_check ok) stop work at the next open with a sentence naming them, and break
// `audit verify`; state changed by raw SQL without events (a role, four-eyes, an orphan decision) is
// named by verify; a missing, empty or folder-shaped anchor log is reported by name with its own exit code.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { ParcelGateService } from '../../electron/main/service/service';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import { zh } from '../../renderer/src/locales/zh';

async function busyDb(): Promise<string> {
  const dbFile = path.join(tempDir('guard'), 'a.db');
  const s = new SqliteStorage(dbFile);
  for (const name of ['ann', 'bob']) await s.addUser({ name, role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  await s.setFourEyes(false, 'test');
  await s.close();
  return dbFile;
}

const verify = (dbFile: string) => cli(['--db', dbFile, 'audit', 'verify']);

/** The first business action on a reopened file: adding a user (any write would do). */
async function addUser(dbFile: string) {
  const service = new ParcelGateService({ dbFile, dataDir: path.join(path.dirname(dbFile), 'data') });
  try {
    return await service.call('users:add', { name: 'cat', role: 'inspector', pin: '4826' }, { system: 'test' });
  } finally {
    await service.close();
  }
}

describe('station file safeguards', () => {
  it('a dropped trigger stops work at the next open, naming it, and breaks audit verify', async () => {
    const dbFile = await busyDb();
    expect(verify(dbFile).code).toBe(0);
    const raw = new Database(dbFile);
    raw.exec('DROP TRIGGER parcels_lifecycle; DROP TRIGGER shipment_parcels_gate;');
    raw.close();
    const r = await addUser(dbFile);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'CONFLICT', key: 'schemaChanged', params: { dropped: 'parcels_lifecycle, shipment_parcels_gate', rewritten: '—', added: '—' } });
    expect(r.error.message).toContain('dropped: trigger parcels_lifecycle, trigger shipment_parcels_gate');
    expect(zh.errors.schemaChanged).toMatch(/[\u4e00-\u9fff]/);
    const v = verify(dbFile);
    expect(v.code).toBe(1);
    expect(v.stdout).not.toContain('intact');
    expect(v.stderr).toContain('Station file safeguards BROKEN');
    expect(v.stderr).toContain('trigger parcels_lifecycle: dropped');
    // Nothing was written: the user was not added.
    const check = new Database(dbFile, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM users WHERE name = 'cat'").get()).toEqual({ n: 0 });
    check.close();
  });

  it('a trigger rewritten in place with writable_schema (name kept, integrity_check ok) stops work too', async () => {
    const dbFile = await busyDb();
    const raw = new Database(dbFile);
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw.prepare("UPDATE sqlite_master SET sql = 'CREATE TRIGGER shipment_parcels_gate BEFORE INSERT ON shipment_parcels BEGIN SELECT 1; END' WHERE name = 'shipment_parcels_gate'").run();
    raw.pragma('writable_schema = OFF');
    raw.close();
    const again = new Database(dbFile);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'shipment_parcels_gate'").get()).toEqual({ n: 1 });
    again.close();
    const r = await addUser(dbFile);
    expect(!r.ok && r.error).toMatchObject({ key: 'schemaChanged', params: { rewritten: 'shipment_parcels_gate', dropped: '—' } });
    const v = verify(dbFile);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('trigger shipment_parcels_gate: rewritten in place');
  });

  it('audit verify names state changed without its events: a role, four-eyes, an activation', async () => {
    const dbFile = await busyDb();
    const raw = new Database(dbFile);
    const edit = () => {
      raw.prepare("UPDATE users SET role = 'admin' WHERE name = 'ann'").run();
      raw.prepare("UPDATE settings SET value = 'on' WHERE key = 'four_eyes'").run();
      raw.prepare("UPDATE users SET active = 0 WHERE name = 'bob'").run();
    };
    // Migration 14 refuses these edits without their events; one who holds the file drops its triggers,
    // edits, and puts them back word for word (the schema check sees nothing): the cross-checks still do.
    expect(edit).toThrow('AUDIT_REQUIRED');
    const guards = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('users_change_audited', 'settings_update_audited')").all() as { name: string; sql: string }[];
    expect(guards).toHaveLength(2);
    raw.transaction(() => {
      for (const g of guards) raw.exec(`DROP TRIGGER ${g.name}`);
      edit();
      for (const g of guards) raw.exec(g.sql);
    })();
    raw.close();
    const v = verify(dbFile);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('State BROKEN: 3 changes without audit events');
    expect(v.stderr).toContain('user ann has role admin, but the events give inspector');
    expect(v.stderr).toContain('four-eyes is on, but the events say off');
    expect(v.stderr).toContain('user bob is inactive, but the events say active');
  });
});

describe('anchor log', () => {
  it('missing, empty or a folder: reported by name with exit code 3, never "intact"', async () => {
    const dbFile = await busyDb();
    const log = `${dbFile}.anchors`;
    expect(fs.statSync(log).size).toBeGreaterThan(0);
    fs.rmSync(log);
    const missing = verify(dbFile);
    expect(missing.code).toBe(3);
    expect(missing.stdout).not.toContain('intact');
    expect(missing.stderr).toContain('anchor log missing: completeness since event 1 cannot be proved');
    expect(missing.stderr).toContain('does not exist');

    fs.writeFileSync(log, '');
    const empty = verify(dbFile);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('is empty');

    // A folder in its place: business actions still commit (no bare "Internal error"), verify names the folder.
    fs.rmSync(log);
    fs.mkdirSync(log);
    const added = await addUser(dbFile);
    expect(added.ok).toBe(true);
    const folder = verify(dbFile);
    expect(folder.code).toBe(3);
    expect(folder.stderr).toContain('is a folder, not the anchor log');
  });

  it('every event deleted and the anchor log deleted: never "intact: 0 events"', async () => {
    const dbFile = await busyDb();
    const raw = new Database(dbFile);
    raw.exec('DROP TRIGGER audit_events_no_delete;');
    raw.prepare('DELETE FROM audit_events').run();
    raw.close();
    fs.rmSync(`${dbFile}.anchors`);
    const v = verify(dbFile);
    expect(v.code).not.toBe(0);
    expect(v.stdout).not.toContain('intact');
    expect(v.stderr).toContain('anchor log missing: completeness since event 1 cannot be proved');
  });
});
