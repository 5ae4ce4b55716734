// The storage port on one station's SQLite file (better-sqlite3), or several processes on one file:
// the SQL storage over a SqliteEngine, with the anchor log beside the file. `.db` is the raw handle,
// for tests that attack the file behind the storage's back and for tools.
import { anchorLogPath } from './anchorLog';
import type { Db, OpenOptions } from './database';
import { schemaChanges } from './schemaCheck';
import { SqliteEngine } from './sqliteEngine';
import { SqlStorage } from './sqlStorage';

export class SqliteStorage extends SqlStorage {
  declare readonly engine: SqliteEngine;

  constructor(file: string, options: OpenOptions & { now?: () => Date } = {}) {
    super(new SqliteEngine(file, { nativeBinding: options.nativeBinding, readonly: options.readonly }), { now: options.now, anchorFile: anchorLogPath(file) });
    // At every open: the file's triggers, tables and indexes against the migrations' (writes stop on a difference).
    this.safeguardChanges = schemaChanges(this.engine.db, options.nativeBinding);
  }

  get db(): Db {
    return this.engine.db;
  }
}
