// A throwaway PostgreSQL server for tests and benchmarks: a fresh data folder in memory or a temp
// folder (a copy of one initdb made once and cached there), listening on 127.0.0.1 at a free port, trusting every local
// login, fsync off. Each test makes fresh databases on it, migrated by the app's own migratePg as a
// non-superuser owner. initdb refuses to run as root, so as root the server runs as the `postgres`
// user. One server per test run (pgGlobalSetup.ts), or per file when a file runs alone.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migratePg } from '../../electron/main/db/pgMigrate';
import { STATION_ROLE } from '../../electron/main/db/migrations/pg/002_roles';

/** The role that owns the test databases and runs their migrations: not a superuser, as in a real deployment. */
export const OWNER_ROLE = 'parcel_gate_owner';
export { STATION_ROLE };

export interface PgServer {
  /** A connection URL for `db` as `user` (default: the superuser `postgres`); no password, the server trusts 127.0.0.1. */
  url(db: string, user?: string): string;
  /**
   * A fresh database owned by OWNER_ROLE, migrated as that owner (unless `migrate: false`); returns the
   * owner's URL. The station's URL is the same with user STATION_ROLE.
   */
  createDatabase(opts?: { migrate?: boolean; name?: string }): Promise<string>;
  /** Stops the server and removes its files (does nothing for a server started elsewhere). */
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/<n>/bin. */
export function pgBinDir(): string | null {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && has(dir)) return path.dirname(fs.realpathSync(path.join(dir, 'initdb')));
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (has(path.join(root, v, 'bin'))) return path.join(root, v, 'bin');
  return null;
}

export function pgAvailable(): boolean {
  return pgBinDir() !== null;
}

/** Set PARCEL_GATE_SKIP_PG=1 on a machine without PostgreSQL to skip its tests instead of failing them. */
export function pgSkipped(): boolean {
  return process.env.PARCEL_GATE_SKIP_PG === '1' && !pgAvailable();
}

/**
 * Where the server's files go: memory (/dev/shm) when it has room, since a test server needs no
 * durability and a busy disk made copying its 40 MB take seconds; else the temp folder.
 */
function scratchRoot(): string {
  try {
    const shm = fs.statfsSync('/dev/shm');
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (shm.bavail * shm.bsize > 1024 ** 3) return '/dev/shm';
  } catch {
    // no /dev/shm here
  }
  return os.tmpdir();
}

const INITDB_ARGS = ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'];

/**
 * A data folder fresh from initdb, made once per PostgreSQL version and user in the temp folder and
 * copied for each server (never started itself). Built aside and renamed into place, so two test
 * runs starting at once never see half of one.
 */
function initdbOnce(bin: string, run: (tool: string, args: string[]) => Buffer): string {
  const version = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  const key = createHash('sha256').update(`${version}${INITDB_ARGS.join(' ')}`).digest('hex').slice(0, 12);
  const cached = path.join(scratchRoot(), `parcel-gate-pg-initdb-${process.getuid?.() ?? 'user'}-${key}`);
  if (fs.existsSync(path.join(cached, 'PG_VERSION'))) return cached;
  const building = `${cached}.${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  run('initdb', ['-D', building, ...INITDB_ARGS]);
  try {
    fs.renameSync(building, cached);
  } catch {
    fs.rmSync(building, { recursive: true, force: true }); // another run got there first
  }
  return cached;
}

/**
 * Starts a server. `root` is where its files go (default: memory when it has room, else the temp
 * folder): a benchmark loading a warehouse's worth of rows should pass a folder on disk (as root, one
 * the postgres user can reach, not under /root).
 */
export async function startPostgres(opts: { root?: string } = {}): Promise<PgServer> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: install postgresql, or set PARCEL_GATE_SKIP_PG=1 to skip its tests.');
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(opts.root ?? scratchRoot(), 'parcel-gate-pg-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, id('-u'), id('-g'));
  }
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, tool), args, { stdio: 'pipe' });
  const data = path.join(dir, 'data');
  try {
    // A copy of a cached initdb: initdb itself takes seconds on a busy machine, a copy a fraction.
    execFileSync('cp', ['-a', initdbOnce(bin, run), data], { stdio: 'pipe' });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${stderrOf(e)}`);
  }
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
      break;
    } catch (e) {
      // Another process may have taken the port between our probe and the server's bind.
      if (attempt === 3) {
        const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`PostgreSQL did not start: ${stderrOf(e)}\n${log}`);
      }
    }
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test run that dies must not leave a server behind.
  process.once('exit', stopNow);
  const server = serverAt('127.0.0.1', port);
  return {
    ...server,
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}

/** A server started elsewhere (by pgGlobalSetup), from its base URL; stop() leaves it running. */
export function connectPostgres(baseUrl: string): PgServer {
  const u = new URL(baseUrl);
  return serverAt(u.hostname, Number(u.port));
}

/** A test file's server: the run's shared one when pgGlobalSetup provided its URL, else one of its own. */
export async function testServer(baseUrl: string | undefined): Promise<PgServer> {
  return baseUrl ? connectPostgres(baseUrl) : startPostgres();
}

/** The same database URL as another user (the station's URL from the owner's). */
export function asUser(dbUrl: string, user: string): string {
  const u = new URL(dbUrl);
  u.username = user;
  return u.toString();
}

/** node-postgres returns bigint (ids, counts) as strings unless told; the app's engine parses them to numbers too. */
export const numericTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

let databases = 0;
const TEMPLATE_DB = 'parcel_gate_template';
const TEMPLATE_LOCK = 0x5047_5445_5354; // "PGTEST"

async function migrateAsOwner(ownerUrl: string): Promise<void> {
  const owner = new pg.Client(ownerUrl);
  await owner.connect();
  try {
    await migratePg(owner);
  } finally {
    await owner.end();
  }
}

/** A database name no other test process will pick. */
export function newDatabaseName(): string {
  return `parcel_gate_${process.pid}_${++databases}_${Math.random().toString(36).slice(2, 8)}`;
}

function serverAt(host: string, port: number): PgServer {
  const url = (db: string, user = 'postgres') => `postgres://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(db)}`;
  return {
    url,
    async createDatabase(opts = {}) {
      const name = opts.name ?? newDatabaseName();
      const migrate = opts.migrate !== false;
      const admin = new pg.Client(url('postgres'));
      await admin.connect();
      // One at a time on this server: the owner role and the template are made by whoever comes first.
      await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      try {
        await admin.query(`DO $do$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER_ROLE}') THEN CREATE ROLE ${OWNER_ROLE} LOGIN CREATEROLE; END IF;
          END $do$`);
        const create = (db: string, template: string) =>
          admin.query(`CREATE DATABASE ${db} OWNER ${OWNER_ROLE} TEMPLATE ${template} ENCODING 'UTF8' LOCALE 'C'`);
        // Migrated databases are copies of one migrated once per server (copying is ~10× faster than migrating).
        if (migrate && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DB])).rowCount === 0) {
          await create(TEMPLATE_DB, 'template0');
          await migrateAsOwner(url(TEMPLATE_DB, OWNER_ROLE));
        }
        await create(name, migrate ? TEMPLATE_DB : 'template0');
      } finally {
        await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
        await admin.end();
      }
      const ownerUrl = url(name, OWNER_ROLE);
      // On the copy a no-op, but the same check a real owner's migrate makes.
      if (migrate) await migrateAsOwner(ownerUrl);
      return ownerUrl;
    },
    async stop() {},
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function stderrOf(e: unknown): string {
  const err = e as { stderr?: Buffer; message?: string };
  return err.stderr?.toString().trim() || err.message || String(e);
}
