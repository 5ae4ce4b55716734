// One login role per database, named after it, used only by that database's warehouse server:
// `migrate` creates or updates this database's role and never names another's, so migrating a second
// database on the same PostgreSQL leaves the first one's server and stations working, and neither
// role can even connect to the other database.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serverRoleName } from '../../electron/main/db/pgMigrate';
import { connectStation } from '../../electron/main/server/stationLink';
import { makeClient } from '../../shared/client';
import { cli } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import { asUser, testServer, type PgServer } from '../helpers/postgres';
import { startWarehouseServer, type WarehouseServer } from '../helpers/warehouseServer';

const dbName = (url: string) => new URL(url).pathname.slice(1);

async function canConnect(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe('a server role per database', () => {
  let server: PgServer;
  let warehouse: WarehouseServer | undefined;
  beforeAll(async () => {
    server = await testServer(inject('pgBaseUrl') || undefined);
  });
  afterAll(async () => {
    await warehouse?.stop();
    await server?.stop();
  });

  it('migrating a second database leaves the first one\'s server working, and neither role reaches the other database', async () => {
    const [a, b] = [await server.createDatabase({ migrate: false }), await server.createDatabase({ migrate: false })];
    const migrate = (owner: string, password: string) => cli(['--db', owner, 'migrate', '--server-password-stdin'], `${password}\n`);
    const first = migrate(a, 'secret-a');
    expect(first.code, first.stderr).toBe(0);
    const roleA = serverRoleName(dbName(a));
    expect(first.stdout).toContain(`server role ${roleA} ready`);
    // The server logs in as its database's role, the password from a file.
    const dir = tempDir('server-role');
    const passwordFile = path.join(dir, 'db-password');
    fs.writeFileSync(passwordFile, 'secret-a\n', { mode: 0o600 });
    expect(cli(['--db', a, 'migrate', '--server-password-file', passwordFile]).code).toBe(0);
    warehouse = await startWarehouseServer(asUser(a, roleA));
    const api = makeClient(connectStation({ url: warehouse.url, fingerprint: warehouse.fingerprint }).invoke);
    expect((await api['users:add']({ name: 'ada', role: 'admin', pin: '4321' })).ok).toBe(true);
    expect((await api['session:signIn']({ name: 'ada', pin: '4321' })).ok).toBe(true);

    const second = migrate(b, 'secret-b');
    expect(second.code, second.stderr).toBe(0);
    const roleB = serverRoleName(dbName(b));
    expect(roleB).not.toBe(roleA);

    // The first server and its stations go on working: same session, new calls, new sign-ins.
    expect(await api['users:all']({})).toMatchObject({ ok: true });
    expect((await api['session:signIn']({ name: 'ada', pin: '4321' })).ok).toBe(true);
    // Each role connects to its own database only.
    expect(await canConnect(asUser(b, roleA))).toMatch(/permission denied for database/);
    expect(await canConnect(asUser(a, roleB))).toMatch(/permission denied for database/);
    expect(await canConnect(asUser(b, roleB))).toBe('ok');
    // Each role holds its rights in its own database, and the password as a verifier, never as text.
    const owner = new pg.Client({ connectionString: server.url('postgres') });
    await owner.connect();
    const pw = await owner.query<{ r: string; p: string }>("SELECT rolname AS r, rolpassword AS p FROM pg_authid WHERE rolname = ANY($1) ORDER BY 1", [[roleA, roleB]]);
    await owner.end();
    expect(pw.rows.map((r) => r.r)).toEqual([roleA, roleB].sort());
    for (const r of pw.rows) expect(r.p).toMatch(/^SCRAM-SHA-256\$4096:/);
    // Stations hold no password at all: the migrate command refuses to run as a server role.
    const asRole = cli(['--db', asUser(a, roleA), 'migrate']);
    expect(asRole.code).not.toBe(0);
    expect(asRole.stderr).toMatch(/not as the server role/);
  });
});
