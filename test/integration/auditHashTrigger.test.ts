// The audit trigger checks each event's hash against its fields, on both engines (SQLite migration 10
// through the sha256_hex function every app connection registers; PostgreSQL migration 5 with its own
// sha256()): an event linked correctly but with a wrong hash is refused; the app's own events pass.
// Run by the integration project on SQLite and, in pgWarehouse.test.ts, on PostgreSQL.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../electron/main/db/audit';
import { registerSqliteFunctions } from '../../electron/main/db/sqliteFunctions';
import { SqliteStorage } from '../../electron/main/db/sqliteStorage';
import { AUDIT_INSERT as INSERT, nextEvent, row } from '../helpers/auditRows';
import { tempDir } from '../helpers/paths';

describe('audit hash trigger (SQLite)', () => {
  it('refuses an event whose hash is not its fields\' hash, and takes the right one', async () => {
    const file = path.join(tempDir('audit-hash'), 'w.db');
    const s = new SqliteStorage(file);
    await s.addUser({ name: 'ann', role: 'admin', locale: 'en', pinHash: 'x' }, 'test');
    const e = await nextEvent(s.engine.read);
    const raw = new Database(file);
    // Without the app's function, no audit event can be written at all.
    expect(() => raw.prepare(INSERT).run(...row(e, eventHash(e)))).toThrow(/no such function: sha256_hex/);
    registerSqliteFunctions(raw);
    expect(() => raw.prepare(INSERT).run(...row(e, 'f'.repeat(64)))).toThrow('audit event hash does not match its fields');
    expect(() => raw.prepare(INSERT).run(...row({ ...e, actor: 'ann' }, eventHash(e)))).toThrow('audit event hash does not match its fields');
    raw.prepare(INSERT).run(...row(e, eventHash(e)));
    raw.close();
    expect(await s.verifyAudit([], false)).toMatchObject({ intact: true, events: 2 });
    await s.close();
  });
});
