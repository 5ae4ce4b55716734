// Opens the SQLite database: the right native build for this runtime, pragmas, and migrations.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations';
import { AppError } from '../../../shared/result';
import { registerSqliteFunctions } from './sqliteFunctions';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of the better-sqlite3 `.node` file to load (the Electron build); default: the Node build. */
  nativeBinding?: string;
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
  });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Several stations (processes) may share one file: wait for a writer instead of failing at once.
  db.pragma('busy_timeout = 5000');
  registerSqliteFunctions(db);
  migrate(db);
  return db;
}

/** Applies the migrations the database has not seen, all in one transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new AppError(
      'CONFLICT',
      `This database was made by a newer Parcel Gate (schema ${current}, this version knows ${MIGRATIONS.length}). Update the app.`,
    );
  }
  if (current === MIGRATIONS.length) return current;
  const apply = db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]);
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  apply.immediate();
  return MIGRATIONS.length;
}
