// Raw-SQL changes of who may do what, and of what was decided, on the database file (migration 13):
// a user's role, PIN or active flag, four-eyes, the hold clocks, a ruleset, a certificate or a decision
// row is refused unless the newest audit event, appended just before in the same transaction, names
// that entity and that change. PostgreSQL's refusals are compared with these in pgSchema.test.ts.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { registerSqliteFunctions } from '../../electron/main/db/sqliteFunctions';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { appendAuditSync } from '../../electron/main/db/audit';
import type { InspectionRecord } from '../../electron/main/db/storage';
import { tempDir } from '../helpers/paths';

const T = '2026-01-01T00:00:00.000Z';

function inspection(trackingNo: string, outcome: 'CLEAR' | 'HOLD', inspectorId: number): InspectionRecord {
  return {
    trackingNo, scan: trackingNo, orderNo: null, station: 'S1', inspectorId, inspectorName: 'ann', startedAt: T, finishedAt: T, outcome,
    findings: outcome === 'HOLD' ? [{ code: 'UNREADABLE', message: 'x', messageZh: 'x', evidence: [] } as never] : [],
    rulesetVersion: 1, brands: [], reads: [], photoIds: [], timingsMs: {},
  };
}

/** A database written by the app (users, a ruleset, a held parcel), then opened raw. */
async function fixture() {
  const dbFile = path.join(tempDir('audit-required'), 'gate.db');
  const s = new SqliteStorage(dbFile);
  const ann = await s.addUser({ name: 'ann', role: 'inspector', locale: 'en', pinHash: 'x' }, 'test');
  const boss = await s.addUser({ name: 'boss', role: 'supervisor', locale: 'en', pinHash: 'x' }, 'test');
  await s.saveRuleset('{}', 'test');
  await s.setFourEyes(true, 'test');
  const held = await s.recordInspection(inspection('HELD0001', 'HOLD', ann.id));
  await s.recordInspection(inspection('HELD0002', 'HOLD', ann.id));
  await s.close();
  const db = new Database(dbFile);
  registerSqliteFunctions(db);
  db.pragma('foreign_keys = ON');
  db.prepare("INSERT INTO brands (id, name, updated_at) VALUES ('acme', 'Acme', ?)").run(T);
  const event = (entityType: string, entityId: string, action: string) => appendAuditSync(db, { actor: 'mallory', action, entityType, entityId }, T);
  return { db, boss, heldHold: held.holdId!, event };
}

const CERT = "INSERT INTO certificates (id, brand_id, seller_name, seller_tax_id, valid_from, valid_to, scope_json, updated_at) VALUES ('C1', 'acme', 's', 't', '2026-01-01', '2027-01-01', '[]', '2026-01-01')";

describe('changes that need their audit event (SQLite)', () => {
  it('refuses each change without its event, or after an event for another entity or action, and changes nothing', async () => {
    const f = await fixture();
    const { db, event } = f;
    const decision = `INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (${f.heldHold}, 'RELEASE', 'x', ${f.boss.id}, '${T}')`;
    const snapshot = () => JSON.stringify(['users', 'settings', 'rulesets', 'certificates', 'hold_decisions', 'audit_events'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
    const before = snapshot();
    const attacks: [string, string, (() => unknown)?][] = [
      ['make an inspector an admin', "UPDATE users SET role = 'admin' WHERE name = 'ann'"],
      ['set a PIN', "UPDATE users SET pin_hash = 'mine' WHERE name = 'ann'"],
      ['deactivate a supervisor', "UPDATE users SET active = 0 WHERE name = 'boss'"],
      ['turn four-eyes off', "UPDATE settings SET value = 'off' WHERE key = 'four_eyes'"],
      ['delete four-eyes', "DELETE FROM settings WHERE key = 'four_eyes'"],
      ['rename four-eyes away', "UPDATE settings SET key = 'four_eyes_old' WHERE key = 'four_eyes'", () => event('settings', 'four_eyes', 'settings.four_eyes')],
      ['set the hold clocks', `INSERT INTO settings (key, value) VALUES ('hold_clocks', '{}')`],
      ['switch the active ruleset off', 'UPDATE rulesets SET active = 0'],
      ['rewrite a ruleset', "UPDATE rulesets SET definition = '{\"x\":1}'"],
      ['add a ruleset', "INSERT INTO rulesets (version, created_at, definition, active) VALUES (2, 'x', '{}', 0)"],
      ['delete a ruleset', 'DELETE FROM rulesets WHERE version = 1'],
      ['add a certificate', CERT],
      ['an orphan decision row', decision],
      ['make an admin after an event for another user', "UPDATE users SET role = 'admin' WHERE name = 'ann'", () => event('user', 'boss', 'user.role')],
      ['make an admin after a PIN reset event', "UPDATE users SET role = 'admin' WHERE name = 'ann'", () => event('user', 'ann', 'user.pin_reset')],
      ['deactivate after an activate event', "UPDATE users SET active = 0 WHERE name = 'boss'", () => event('user', 'boss', 'user.activate')],
      ['four-eyes after the clocks event', "UPDATE settings SET value = 'off' WHERE key = 'four_eyes'", () => event('settings', 'hold_clocks', 'settings.clocks')],
      ['four-eyes when its event is no longer the newest', "UPDATE settings SET value = 'off' WHERE key = 'four_eyes'", () => {
        event('settings', 'four_eyes', 'settings.four_eyes');
        event('parcel', 'HELD0002', 'parcel.note');
      }],
      ['add ruleset 2 after activating 3', "INSERT INTO rulesets (version, created_at, definition, active) VALUES (2, 'x', '{}', 0)", () => event('ruleset', '3', 'ruleset.activate')],
      ['a certificate after a brands import', CERT, () => event('file', 'brands.json', 'import.brands')],
      ['a decision after the event of another parcel', decision, () => event('parcel', 'HELD0002', 'hold.release')],
      ['a release after a destroy event', decision, () => event('parcel', 'HELD0001', 'hold.destroy')],
    ];
    for (const [what, sql, first] of attacks) {
      expect(() => db.transaction(() => {
        first?.();
        db.prepare(sql).run();
      })(), what).toThrow(/^AUDIT_REQUIRED: /);
    }
    expect(snapshot()).toBe(before);
  });

  it('accepts each change right after its own event', async () => {
    const f = await fixture();
    const { db, event } = f;
    const accepted: [string, () => unknown, string][] = [
      ['role', () => (event('user', 'ann', 'user.role'), db.prepare("UPDATE users SET role = 'supervisor' WHERE name = 'ann'").run()), "SELECT role AS v FROM users WHERE name = 'ann'"],
      ['PIN', () => (event('user', 'ann', 'user.pin_reset'), db.prepare("UPDATE users SET pin_hash = 'y' WHERE name = 'ann'").run()), "SELECT pin_hash AS v FROM users WHERE name = 'ann'"],
      ['active', () => (event('user', 'boss', 'user.deactivate'), db.prepare("UPDATE users SET active = 0 WHERE name = 'boss'").run()), "SELECT active AS v FROM users WHERE name = 'boss'"],
      ['four-eyes', () => (event('settings', 'four_eyes', 'settings.four_eyes'), db.prepare("UPDATE settings SET value = 'off' WHERE key = 'four_eyes'").run()), "SELECT value AS v FROM settings WHERE key = 'four_eyes'"],
      ['clocks', () => (event('settings', 'hold_clocks', 'settings.clocks'), db.prepare("INSERT INTO settings (key, value) VALUES ('hold_clocks', '{}')").run()), "SELECT value AS v FROM settings WHERE key = 'hold_clocks'"],
      ['ruleset', () => {
        event('ruleset', '2', 'ruleset.activate');
        db.prepare('UPDATE rulesets SET active = 0').run();
        db.prepare("INSERT INTO rulesets (version, created_at, definition, active) VALUES (2, 'x', '{}', 1)").run();
      }, 'SELECT version AS v FROM rulesets WHERE active = 1'],
      ['certificate', () => (event('file', 'certificates.json', 'import.certificates'), db.prepare(CERT).run()), "SELECT id AS v FROM certificates"],
      ['decision', () => {
        event('parcel', 'HELD0001', 'hold.release');
        db.prepare(`INSERT INTO hold_decisions (hold_id, disposition, reason, decided_by, decided_at) VALUES (?, 'RELEASE', 'x', ?, ?)`).run(f.heldHold, f.boss.id, T);
      }, `SELECT disposition AS v FROM hold_decisions WHERE hold_id = ${f.heldHold}`],
    ];
    const got: Record<string, unknown> = {};
    for (const [what, change, read] of accepted) {
      db.transaction(change)();
      got[what] = (db.prepare(read).get() as { v: unknown }).v;
    }
    expect(got).toEqual({ role: 'supervisor', PIN: 'y', active: 0, 'four-eyes': 'off', clocks: '{}', ruleset: 2, certificate: 'C1', decision: 'RELEASE' });
    db.close();
  });
});
