// The one SQL interface every repository is written against, for both engines: SQLite (one station's
// file, better-sqlite3) and PostgreSQL (many stations, `pg`). Repositories write portable SQL:
//   - parameters as `?` (an array) or `@name` (an object); the PostgreSQL engine rewrites them to $n;
//   - `INSERT ... ON CONFLICT DO NOTHING / DO UPDATE`, `RETURNING`, never `INSERT OR IGNORE` or lastInsertRowid;
//   - camelCase column aliases double-quoted (`AS "shipmentId"`), since PostgreSQL folds bare names to lower case;
//   - no boolean arithmetic (`sum(CASE WHEN … THEN 1 ELSE 0 END)`), every selected column grouped or aggregated;
//   - a parameter whose type the server cannot infer is cast (`CAST(@action AS TEXT) || '.%'`);
//   - where the engines truly differ (date arithmetic, JSON aggregation), branch on `sql.dialect`.
// Booleans bound as parameters become 1/0 on both engines (flags are INTEGER columns on both).
import { AsyncLocalStorage } from 'node:async_hooks';

export type Dialect = 'sqlite' | 'postgres';
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface Sql {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  /** A statement that returns no rows (or whose rows are not wanted); `changes` is the rows it touched. */
  run(sql: string, params?: Params): Promise<{ changes: number }>;
  /** Several statements with no parameters (schema scripts). */
  exec(sql: string): Promise<void>;
}

/** Where the data lives, as shown to a person (never with a password). */
export interface EngineInfo {
  engine: Dialect;
  /** The file path, or `host:port/database` as `user`. */
  where: string;
  user?: string;
}

export interface Engine {
  readonly dialect: Dialect;
  /** Reads outside a write transaction. Inside `write`, use the transaction's own `Sql`. */
  readonly read: Sql;
  /**
   * One write transaction, serialised with every other writer on this database (every station): SQLite
   * by BEGIN IMMEDIATE, PostgreSQL by a transaction-scoped advisory lock taken first. A `write` called
   * inside another joins it. Throws what `fn` throws, after rolling back.
   */
  write<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: one statement that is a whole write by itself (a function that takes the write
   * lock first), sent in one round trip with no BEGIN and COMMIT around it; inside a `write` already
   * begun, it joins that transaction.
   */
  writeStatement?<T>(sql: string, params?: Params): Promise<T | undefined>;
  info(): EngineInfo;
  close(): Promise<void>;
}

/** Booleans as 1/0 so the same flag columns work on both engines. */
export function normaliseParams(params: Params | undefined): unknown[] | Record<string, unknown> | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return params.map(scalar);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = scalar(v);
  return out;
}

function scalar(v: unknown): unknown {
  if (v === true) return 1;
  if (v === false) return 0;
  if (v === undefined) return null;
  return v;
}

/**
 * Tracks which async call chain is inside which write transaction, so a read made outside waits for
 * the transaction to finish (it never sees uncommitted rows on a shared connection) and a nested
 * `write` joins the transaction it is called from instead of waiting for itself.
 */
export class TransactionScope<Tx> {
  private readonly als = new AsyncLocalStorage<Tx>();
  private tail: Promise<unknown> = Promise.resolve();
  private active = 0;

  current(): Tx | undefined {
    return this.als.getStore();
  }

  /** Runs `fn` after every earlier transaction of this process, inside the scope of `tx`. */
  serial<T>(open: () => Promise<Tx>, fn: (tx: Tx) => Promise<T>, close: (tx: Tx, error: unknown | undefined) => Promise<void>): Promise<T> {
    const run = async (): Promise<T> => {
      this.active++;
      try {
        const tx = await open();
        let result: T;
        try {
          result = await this.als.run(tx, () => fn(tx));
        } catch (e) {
          await close(tx, e ?? new Error('transaction failed'));
          throw e;
        }
        await close(tx, undefined);
        return result;
      } finally {
        this.active--;
      }
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Runs `fn` inside the scope of `tx` without queueing (the server serialises the writers). */
  within<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
    return this.als.run(tx, fn);
  }

  /** For a read outside any transaction: waits until no transaction of this process is running. */
  async idle(): Promise<void> {
    while (this.active > 0 && !this.als.getStore()) await this.tail;
  }
}
