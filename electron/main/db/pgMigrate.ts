// Brings a shared PostgreSQL database to this app's schema (migrations/pg), run by the database owner
// from the migrate command; stations only check the version at start (pgSchemaVersion) and refuse to
// work on a schema they do not know.
//
// Each pending migration commits alone, with the version it reached, under a transaction-scoped
// advisory lock: two owners migrating at once take turns, and the second finds nothing left to do.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_MIGRATIONS } from './migrations/pg';
import { STATION_ROLE } from './migrations/pg/002_roles';

/** The schema version this app is written for. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** Advisory lock key for migrations ("PGMIGR"); the engine's write lock uses another. */
export const PG_MIGRATE_LOCK = 0x5047_4d49_4752;

/** Where the tables live: migrations create them here, and the guarded functions pin it. */
const SCHEMA = 'public';

type Db = pg.Client | pg.Pool | pg.PoolClient;

export async function migratePg(db: pg.Client | pg.Pool, opts: { stationPassword?: string; serverPassword?: string } = {}): Promise<{ from: number; to: number }> {
  const client = isPool(db) ? await db.connect() : db;
  try {
    await checkServer(client);
    let from: number | undefined;
    for (;;) {
      const current = await inTransaction(client, async () => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [PG_MIGRATE_LOCK]);
        await client.query("SELECT set_config('search_path', $1, true)", [SCHEMA]);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
        const version = await readVersion(client);
        if (version > PG_SCHEMA_VERSION) throw new Error(newerMessage(version));
        if (version === PG_SCHEMA_VERSION) return version;
        try {
          await client.query(PG_MIGRATIONS[version]);
        } catch (e) {
          throw new Error(`PostgreSQL migration ${version + 1} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, new Date().toISOString()]);
        return version;
      });
      from ??= current;
      if (current === PG_SCHEMA_VERSION) break;
    }
    // A database-wide right: not part of the schema, so not carried by a copy or a dump; set on every run.
    // The app makes no temporary tables; a station that could would only be looking for a way round.
    await client.query(`DO $temp$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $temp$`);
    if (opts.stationPassword !== undefined) await setStationPassword(client, opts.stationPassword);
    if (opts.serverPassword !== undefined) await setServerRole(client, opts.serverPassword);
    return { from, to: PG_SCHEMA_VERSION };
  } finally {
    if (isPool(db)) (client as pg.PoolClient).release();
  }
}

/** The schema version of the database (0: never migrated); a station compares it with PG_SCHEMA_VERSION. */
export async function pgSchemaVersion(db: Db): Promise<number> {
  const t = await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${SCHEMA}.schema_migrations`]);
  if (t.rows[0]?.t == null) return 0;
  const r = await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.schema_migrations`);
  return Number(r.rows[0]?.v ?? 0);
}

/** Why this app will not work on a database a newer app has migrated. */
export function newerMessage(version: number): string {
  return `This PostgreSQL database has schema version ${version}, newer than this Parcel Gate knows (${PG_SCHEMA_VERSION}). Update Parcel Gate before using this database.`;
}

/** Refuses, in words an administrator can act on, what would fail later in a less clear way. */
async function checkServer(client: pg.Client | pg.PoolClient): Promise<void> {
  const r = await client.query<{ encoding: string; who: string; version: number }>(
    "SELECT current_setting('server_encoding') AS encoding, current_user AS who, current_setting('server_version_num')::int AS version",
  );
  const { encoding, who, version } = r.rows[0];
  if (who === STATION_ROLE) throw new Error(`Run the migration as the database owner, not as the station role ${STATION_ROLE}.`);
  if (who.startsWith('pgate_')) throw new Error(`Run the migration as the database owner, not as the server role ${who}.`);
  if (encoding !== 'UTF8') {
    throw new Error(`This PostgreSQL database uses the ${encoding} encoding; Parcel Gate needs UTF8 (create it with ENCODING 'UTF8').`);
  }
  if (version < 150000) throw new Error('Parcel Gate needs PostgreSQL 15 or later.');
}

async function readVersion(client: pg.Client | pg.PoolClient): Promise<number> {
  const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return Number(r.rows[0]?.v ?? 0);
}

async function inTransaction<T>(client: pg.Client | pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

function isPool(db: pg.Client | pg.Pool): db is pg.Pool {
  return 'totalCount' in db;
}

/** Sets the station's password as a SCRAM verifier, so the password itself never reaches the server's logs. */
async function setStationPassword(client: pg.Client | pg.PoolClient, password: string): Promise<void> {
  if (password.length === 0) throw new Error('The station password must not be empty.');
  await client.query(`ALTER ROLE ${STATION_ROLE} PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`);
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, as libpq's
 * PQencryptPasswordConn makes it), with the password normalised as node-postgres does when it logs in.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(saslPrep(password), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The three steps of SASLprep (RFC 4013) that change a password's bytes, as node-postgres applies them. */
function saslPrep(password: string): string {
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    // RFC 3454 table B.1 ("mapped to nothing") lists joiners and variation selectors on purpose.
    // eslint-disable-next-line no-misleading-character-class
    .replace(/[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
}

/**
 * The login role of this database's warehouse server, named after the database: `pgate_<db>`. Only
 * the server logs in with it; stations hold no database login at all.
 */
export function serverRoleName(database: string): string {
  return `pgate_${database.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`.slice(0, 63);
}

/**
 * Creates or updates this database's server role: the station role's rights in THIS database (copied
 * from its grants, so the two never differ), CONNECT to this database only, and the password as a
 * SCRAM verifier. Another database's role is never named here: migrating one database cannot lock
 * another's server out, and this role cannot connect to any other database (CONNECT is revoked from
 * PUBLIC here, granted to this role).
 */
async function setServerRole(client: pg.Client | pg.PoolClient, password: string): Promise<string> {
  if (password.length === 0) throw new Error('The server role password must not be empty.');
  const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db;
  const role = serverRoleName(database);
  const id = pg.escapeIdentifier(role);
  await inTransaction(client, async () => {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!exists.rowCount) await client.query(`CREATE ROLE ${id} LOGIN NOINHERIT`);
    await client.query(`ALTER ROLE ${id} LOGIN PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`);
    const dbId = pg.escapeIdentifier(database);
    await client.query(`REVOKE CONNECT ON DATABASE ${dbId} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${dbId} TO ${id}`);
    await client.query(`GRANT USAGE ON SCHEMA ${SCHEMA} TO ${id}`);
    const grants = await client.query<{ t: string; p: string }>(
      'SELECT table_name AS t, privilege_type AS p FROM information_schema.role_table_grants WHERE grantee = $1 AND table_schema = $2',
      [STATION_ROLE, SCHEMA],
    );
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${SCHEMA} FROM ${id}`);
    for (const g of grants.rows) await client.query(`GRANT ${g.p} ON ${SCHEMA}.${pg.escapeIdentifier(g.t)} TO ${id}`);
    await client.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${SCHEMA} TO ${id}`);
    const functions = await client.query<{ f: string }>(
      "SELECT p.oid::regprocedure::text AS f FROM pg_proc p WHERE p.pronamespace = $1::regnamespace AND has_function_privilege($2, p.oid, 'EXECUTE') AND p.proname LIKE 'pg\\_gate\\_%'",
      [SCHEMA, STATION_ROLE],
    );
    for (const f of functions.rows) await client.query(`GRANT EXECUTE ON FUNCTION ${f.f} TO ${id}`);
  });
  return role;
}
