// The SQLite engine: one better-sqlite3 connection, statements prepared once and kept, one write
// transaction at a time (BEGIN IMMEDIATE, so other processes on the same file queue behind it).
import type Database from 'better-sqlite3';
import path from 'node:path';
import { openDatabase, type Db, type OpenOptions } from './database';
import { normaliseParams, TransactionScope, type Engine, type EngineInfo, type Params, type Sql } from './sql';

const MAX_CACHED = 1000;

class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  constructor(
    private readonly db: Db,
    private readonly statement: (sql: string) => Database.Statement,
    private readonly before: () => Promise<void>,
  ) {}

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    await this.before();
    const s = this.statement(sql);
    const p = normaliseParams(params);
    return (p === undefined ? s.all() : Array.isArray(p) ? s.all(...p) : s.all(p)) as T[];
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    await this.before();
    const s = this.statement(sql);
    const p = normaliseParams(params);
    return (p === undefined ? s.get() : Array.isArray(p) ? s.get(...p) : s.get(p)) as T | undefined;
  }

  async run(sql: string, params?: Params): Promise<{ changes: number }> {
    await this.before();
    const s = this.statement(sql);
    const p = normaliseParams(params);
    const r = p === undefined ? s.run() : Array.isArray(p) ? s.run(...p) : s.run(p);
    return { changes: r.changes };
  }

  async exec(sql: string): Promise<void> {
    await this.before();
    this.db.exec(sql); // statements of a script are not kept
  }
}

export class SqliteEngine implements Engine {
  readonly dialect = 'sqlite' as const;
  readonly db: Db;
  readonly read: Sql;
  private readonly tx: Sql;
  private readonly cache = new Map<string, Database.Statement>();
  private readonly scope = new TransactionScope<Sql>();

  constructor(
    readonly file: string,
    readonly options: OpenOptions = {},
  ) {
    this.db = openDatabase(file, options);
    const statement = (sql: string) => {
      let s = this.cache.get(sql);
      if (!s) {
        if (this.cache.size >= MAX_CACHED) this.cache.clear();
        s = this.db.prepare(sql);
        this.cache.set(sql, s);
      }
      return s;
    };
    this.read = new SqliteSql(this.db, statement, () => this.scope.idle());
    this.tx = new SqliteSql(this.db, statement, async () => undefined);
  }

  write<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const joined = this.scope.current();
    if (joined) return fn(joined);
    return this.scope.serial(
      async () => {
        this.db.prepare('BEGIN IMMEDIATE').run();
        return this.tx;
      },
      fn,
      async (_tx, error) => {
        if (error === undefined) this.db.prepare('COMMIT').run();
        else if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
      },
    );
  }

  info(): EngineInfo {
    return { engine: 'sqlite', where: this.file === ':memory:' ? ':memory:' : path.resolve(this.file) };
  }

  async close(): Promise<void> {
    this.cache.clear();
    this.db.close();
  }
}
