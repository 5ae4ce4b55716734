// The PostgreSQL engine: many stations on one server. A pool of connections; each statement is
// prepared once per connection (named statements); every write transaction first takes one
// transaction-scoped advisory lock, so writers queue exactly as they do on a SQLite file and the audit
// chain stays one chain whatever the number of stations. Reads run concurrently (MVCC).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { AppError } from '../../../shared/result';
import { normaliseParams, TransactionScope, type Engine, type EngineInfo, type Params, type Sql } from './sql';

/** The advisory lock every write takes first ("PGATE" in ASCII). */
export const WRITE_LOCK = 0x5047415445;

// count(*), sum() and bigint ids arrive as JS numbers (all far below 2^53 here), not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

interface Translated {
  name: string;
  text: string;
  /** For `@name` parameters: the names in $n order; null for `?` parameters. */
  names: string[] | null;
}

const translations = new Map<string, Translated>();

/** Rewrites `?` and `@name` parameters to `$n`, outside quotes and comments. Cached by SQL text. */
export function translate(sql: string): Translated {
  const hit = translations.get(sql);
  if (hit) return hit;
  let out = '';
  let positional = 0;
  const named: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      out += `$${++positional}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i))!;
      let n = named.indexOf(m[1]);
      if (n < 0) n = named.push(m[1]) - 1;
      out += `$${n + 1}`;
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (positional && named.length) throw new Error('A statement mixes ? and @name parameters');
  const t = { name: `pg_${createHash('sha1').update(out).digest('hex').slice(0, 20)}`, text: out, names: named.length ? named : null };
  if (translations.size > 2000) translations.clear();
  translations.set(sql, t);
  return t;
}

function values(t: Translated, params: Params | undefined): unknown[] {
  const p = normaliseParams(params);
  if (p === undefined) return [];
  if (Array.isArray(p)) return p;
  const obj = p as Record<string, unknown>;
  return (t.names ?? []).map((n) => {
    if (!(n in obj)) throw new Error(`Missing named parameter "${n}"`);
    return obj[n];
  });
}

/** Connection-level failures: the server is gone, refused us, or the connection broke mid-way. */
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function isServerLost(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code;
  if (code && LOST_CODES.has(code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(e.message);
}

export interface PgEngineOptions {
  /** Checked before the first statement (schema version); a failure is reported on every call until it passes. */
  ready?: (pool: pg.Pool) => Promise<void>;
  /** Shown to the server as application_name (the station's name). */
  applicationName?: string;
  max?: number;
}

export class PgEngine implements Engine {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly read: Sql;
  private readonly scope = new TransactionScope<Sql>();
  private readonly url: URL;
  private readyPromise: Promise<void> | null = null;

  constructor(
    connectionString: string,
    private readonly options: PgEngineOptions = {},
  ) {
    this.url = new URL(connectionString);
    this.pool = new pg.Pool({
      connectionString,
      max: options.max ?? 6,
      connectionTimeoutMillis: 4000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'parcel-gate',
    });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    this.read = this.sqlOn(() => this.pool);
  }

  /** The connection string as given (with any password): for audit verify's worker threads, never shown. */
  connectionString(): string {
    return this.url.toString();
  }

  private ensureReady(): Promise<void> {
    if (!this.options.ready) return Promise.resolve();
    if (!this.readyPromise) {
      this.readyPromise = this.options.ready(this.pool).catch((e: unknown) => {
        this.readyPromise = null; // try again on the next call
        throw this.wrap(e);
      });
    }
    return this.readyPromise;
  }

  /** A lost server becomes SERVER_LOST (in the user's language at the UI); anything else passes through. */
  wrap(e: unknown): unknown {
    if (e instanceof AppError) return e;
    if (isServerLost(e)) {
      const where = this.info().where;
      return new AppError('SERVER_LOST', `The database server ${where} cannot be reached (${(e as Error).message}). Nothing was stored.`, undefined, {
        params: { server: where },
      });
    }
    const code = (e as { code?: string } | null)?.code;
    const info = this.info();
    if (code === '28P01' || code === '28000') {
      return new AppError('CONFLICT', `The server ${info.where} refused to let ${info.user ?? 'this station'} sign in (${(e as Error).message}): check the station's database setting`, undefined, {
        key: 'serverLogin',
        params: { server: info.where, user: info.user ?? '' },
      });
    }
    if (code === '3D000') {
      return new AppError('CONFLICT', `The server ${info.where} has no such database (${(e as Error).message})`, undefined, { key: 'serverNoDatabase', params: { server: info.where } });
    }
    return e;
  }

  private sqlOn(target: () => pg.Pool | pg.PoolClient): Sql {
    const query = async <T extends pg.QueryResultRow>(sql: string, params: Params | undefined): Promise<pg.QueryResult<T>> => {
      await this.ensureReady();
      const t = translate(sql);
      try {
        return await target().query<T>({ name: t.name, text: t.text, values: values(t, params) });
      } catch (e) {
        throw this.wrap(e);
      }
    };
    return {
      dialect: 'postgres',
      all: async <T>(sql: string, params?: Params) => (await query<pg.QueryResultRow>(sql, params)).rows as T[],
      get: async <T>(sql: string, params?: Params) => (await query<pg.QueryResultRow>(sql, params)).rows[0] as T | undefined,
      run: async (sql: string, params?: Params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
      exec: async (sql: string) => {
        await this.ensureReady();
        try {
          await target().query(sql);
        } catch (e) {
          throw this.wrap(e);
        }
      },
    };
  }

  write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const joined = this.scope.current();
    if (joined) return fn(joined);
    // Transactions of this process need not queue behind each other here: the advisory lock queues
    // them (and every other station's) on the server.
    return this.transaction(fn);
  }

  writeStatement<T>(sql: string, params?: Params): Promise<T | undefined> {
    // Autocommit: the statement is its own transaction, and the lock it takes lasts until it commits.
    return (this.scope.current() ?? this.read).get<T>(sql, params);
  }

  private async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    await this.ensureReady();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw this.wrap(e);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const tx = this.sqlOn(() => client);
      const result = await this.scope.within(tx, () => fn(tx));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      if (isServerLost(e)) broken = e as Error;
      else {
        try {
          await client.query('ROLLBACK');
        } catch (r) {
          broken = r as Error;
        }
      }
      throw this.wrap(e);
    } finally {
      client.release(broken);
    }
  }

  info(): EngineInfo {
    const port = this.url.port || '5432';
    const db = decodeURIComponent(this.url.pathname.replace(/^\//, '')) || 'postgres';
    const host = this.url.hostname || decodeURIComponent(this.url.searchParams.get('host') ?? 'localhost');
    return { engine: 'postgres', where: `${host}:${port}/${db}`, user: decodeURIComponent(this.url.username) || undefined };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
